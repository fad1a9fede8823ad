package io.surprisal.cli;

import java.util.Locale;
import java.util.Map;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment, so a container or a systemd unit configures a command without
 * rewriting its command line: {@code --http-port} reads {@code SURPRISAL_SIMULATE_HTTP_PORT} for
 * {@code simulate} (the command's own variable first), then {@code SURPRISAL_HTTP_PORT}. A flag on the
 * command line always wins, since picocli only asks for a default when the option is absent.
 *
 * <p>Not read: {@code --help} and {@code --version}, and options of an argument group (train's source), whose
 * defaults picocli applies only when the group itself is on the command line. {@code SURPRISAL_KAFKA_*}
 * is Kafka client settings ({@link KafkaClientConfig}), not options.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {

    static final String PREFIX = "SURPRISAL_";

    private final Map<String, String> env;

    public EnvironmentDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp() || option.group() != null) {
            return null;
        }
        CommandSpec command = option.command();
        String perCommand = command == null || command.parent() == null ? null
                : env.get(variable(command.name() + "_" + option.longestName()));
        return perCommand != null ? perCommand : env.get(variable(option.longestName()));
    }

    /** {@code --http-port} → {@code SURPRISAL_HTTP_PORT}; {@code simulate_--rate} → {@code SURPRISAL_SIMULATE_RATE}. */
    static String variable(String name) {
        String bare = name.replace("--", "").replaceFirst("^-", "");
        return PREFIX + bare.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
