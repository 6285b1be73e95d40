package dev.litestage.cli;

import dev.litestage.experiment.run.Versions;
import picocli.CommandLine;

/** {@code --version} of every command: the version the build stamped. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"litestage " + Versions.LITESTAGE};
    }
}
