# Surprisal, built from source. `docker compose up` uses it for the detectors, the trainer and the simulator.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, in their own layer: editing the sources does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app surprisal
WORKDIR /app
# The jar's manifest puts lib/*.jar on its class path, relative to the jar.
COPY --from=build /build/target/lib/ /app/lib/
COPY --from=build /build/target/surprisal.jar /app/surprisal.jar
COPY topologies/ /app/topologies/
USER surprisal
# A container's memory limit, not the host's, sizes the heap.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/surprisal.jar"]
