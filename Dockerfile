# Surprisal, built from source. `docker compose up` uses it for the detectors, the trainer and the simulator.

# Base images pinned to exact versions: a rebuild next month gets the same JDK and Maven.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, in their own layer: editing the sources does not download them again.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17.0.13_11-jre
RUN useradd --system --uid 10001 --home-dir /app surprisal \
    && mkdir -p /var/lib/surprisal \
    && chown surprisal /var/lib/surprisal
# Detector state (SURPRISAL_STATE_DIR=/var/lib/surprisal/state in docker-compose.yml). A named volume mounted
# here starts with this directory's owner, so the unprivileged user can write it. No VOLUME line: the
# trainer and the simulator use this image too and keep no state.
WORKDIR /app
# The jar's manifest puts lib/*.jar on its class path, relative to the jar.
COPY --from=build /build/target/lib/ /app/lib/
COPY --from=build /build/target/surprisal.jar /app/surprisal.jar
COPY topologies/ /app/topologies/
USER surprisal
# A container's memory limit, not the host's, sizes the heap: half of it, because the other half is off the
# heap (RocksDB's shared budget, rocksdbMemoryMiB, 128 MiB by default; code, metaspace, thread stacks). A
# detector holding 1M series stayed under 750 MiB resident with a 384 MiB heap (README, Benchmark).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/surprisal.jar"]
