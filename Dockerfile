# Surprisal, built from source. Two images: the default (last) stage, detector, is production and ships the
# detector module only (run, train, topology): `docker compose up` uses it for the detectors and the trainer. The
# stage lab ships the lab module, every command, for the simulator (docker-compose.yml builds it with target: lab).

# Base images pinned to exact versions: a rebuild next month gets the same JDK and Maven.
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies first, in their own layer: editing the sources does not download them again. The detector's only:
# the lab's include surprisal-detector, which is not built yet.
COPY pom.xml .
COPY detector/pom.xml detector/
COPY lab/pom.xml lab/
RUN mvn -B -q -pl detector -am dependency:go-offline
COPY detector/src ./detector/src
RUN mvn -B -pl detector -am -DskipTests package

# The lab: both modules; it writes target/surprisal.jar and target/lib (surprisal-detector's jar among them).
FROM maven:3.9.9-eclipse-temurin-17 AS build-lab
WORKDIR /build
COPY pom.xml .
COPY detector/ ./detector/
COPY lab/ ./lab/
RUN mvn -B -DskipTests package

# The simulator's image (and demo, bench, eval): the lab jar with every command; keeps no state.
FROM eclipse-temurin:17.0.13_11-jre AS lab
RUN useradd --system --uid 10001 --home-dir /app surprisal
WORKDIR /app
# The jar's manifest puts lib/*.jar on its class path, relative to the jar.
COPY --from=build-lab /build/target/lib/ /app/lib/
COPY --from=build-lab /build/target/surprisal.jar /app/surprisal.jar
COPY topologies/ /app/topologies/
USER surprisal
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
ENTRYPOINT ["java", "-jar", "/app/surprisal.jar"]

# The production image, for the detectors and the trainer: the detector module's jar, without the broker, Scala or
# Random Cut Forest.
FROM eclipse-temurin:17.0.13_11-jre AS detector
RUN useradd --system --uid 10001 --home-dir /app surprisal \
    && mkdir -p /var/lib/surprisal \
    && chown surprisal /var/lib/surprisal
# Detector state (SURPRISAL_STATE_DIR=/var/lib/surprisal/state in docker-compose.yml). A named volume mounted
# here starts with this directory's owner, so the unprivileged user can write it. No VOLUME line: the
# trainer uses this image too and keeps no state.
WORKDIR /app
# The jar's manifest puts lib/*.jar on its class path, relative to the jar.
COPY --from=build /build/detector/target/lib/ /app/lib/
COPY --from=build /build/detector/target/surprisal-detector.jar /app/surprisal-detector.jar
COPY topologies/ /app/topologies/
USER surprisal
# A container's memory limit, not the host's, sizes the heap: half of it, because the other half is off the
# heap (RocksDB's shared budget, rocksdbMemoryMiB, 128 MiB by default; code, metaspace, thread stacks). A
# detector holding 1M series stayed under 750 MiB resident with a 384 MiB heap (README, Benchmark).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/surprisal-detector.jar"]
