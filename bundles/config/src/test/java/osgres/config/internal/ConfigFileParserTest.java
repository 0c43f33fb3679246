package osgres.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileParserTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private static List<String> pairs(ConfigFileParser.Result result) {
        return result.items().stream().map(i -> i.name() + "=" + i.value() + "@" + i.line()).toList();
    }

    private static List<String> messages(ConfigFileParser.Result result) {
        return result.messages().stream().map(LogEntry::message).toList();
    }

    @Test
    void equalsSignIsOptionalAndCommentsAndBlankLinesAreIgnored() throws IOException {
        Path conf = write("postgresql.conf", """
                # a comment
                port = 5433   # trailing comment

                work_mem 8MB
                shared_buffers=128MB
                random_page_cost = 1.5
                checkpoint_completion_target = .9
                listen_addresses = localhost
                plpgsql.extra_warnings = all
                """);
        ConfigFileParser.Result result = ConfigFileParser.parse(conf);
        assertThat(result.ok()).isTrue();
        assertThat(pairs(result)).containsExactly("port=5433@2", "work_mem=8MB@4", "shared_buffers=128MB@5",
                "random_page_cost=1.5@6", "checkpoint_completion_target=.9@7", "listen_addresses=localhost@8",
                "plpgsql.extra_warnings=all@9");
    }

    @Test
    void quotedStringsFoldDoubledQuotesAndBackslashEscapes() throws IOException {
        Path conf = write("postgresql.conf", """
                log_line_prefix = '%m [%p] '
                application_name = 'it''s'
                cluster_name = 'a\\tb\\nc\\'d\\101'
                search_path = '"$user", public'
                """);
        ConfigFileParser.Result result = ConfigFileParser.parse(conf);
        assertThat(result.ok()).isTrue();
        assertThat(result.items()).extracting(ConfigFileParser.Item::value)
                .containsExactly("%m [%p] ", "it's", "a\tb\nc'dA", "\"$user\", public");
    }

    @Test
    void syntaxErrorsNameTheFileTheLineAndTheToken() throws IOException {
        Path conf = write("postgresql.conf", """
                work_mem = 4 MBx
                port = 5432 extra
                unix_socket_directories = /tmp
                work_mem =
                work_mem = '
                good = 1""");
        ConfigFileParser.Result result = ConfigFileParser.parse(conf);
        assertThat(result.ok()).isFalse();
        assertThat(result.errorFile()).isEqualTo(conf);
        assertThat(messages(result)).containsExactly(
                "syntax error in file \"" + conf + "\" line 1, near token \"MBx\"",
                "syntax error in file \"" + conf + "\" line 2, near token \"extra\"",
                "syntax error in file \"" + conf + "\" line 3, near token \"/\"",
                "syntax error in file \"" + conf + "\" line 4, near end of line",
                "syntax error in file \"" + conf + "\" line 5, near token \"'\"");
        assertThat(pairs(result)).containsExactly("good=1@6");
    }

    @Test
    void includesAreRelativeToTheIncludingFileAndKeepTheirOrder() throws IOException {
        write("conf.d/b.conf", "work_mem = 2MB\n");
        write("conf.d/a.conf", "work_mem = 1MB\n");
        write("conf.d/.hidden.conf", "work_mem = 99MB\n");
        write("conf.d/skip.txt", "work_mem = 98MB\n");
        write("sub/extra.conf", "port = 6000\ninclude 'more.conf'\n");
        write("sub/more.conf", "port = 6001\n");
        Path conf = write("postgresql.conf", """
                port = 5432
                include 'sub/extra.conf'
                INCLUDE_IF_EXISTS 'missing.conf'
                include_dir 'conf.d'
                max_connections = 10
                """);
        ConfigFileParser.Result result = ConfigFileParser.parse(conf);
        assertThat(result.ok()).isTrue();
        assertThat(result.items()).extracting(i -> i.name() + "=" + i.value())
                .containsExactly("port=5432", "port=6000", "port=6001", "work_mem=1MB", "work_mem=2MB",
                        "max_connections=10");
        assertThat(result.items().get(2).file()).isEqualTo(dir.resolve("sub/more.conf"));
        assertThat(messages(result)).containsExactly(
                "skipping missing configuration file \"" + dir.resolve("missing.conf") + "\"");
    }

    @Test
    void aMissingStrictIncludeIsAnError() throws IOException {
        Path conf = write("postgresql.conf", "include 'nothere.conf'\n");
        ConfigFileParser.Result result = ConfigFileParser.parse(conf);
        assertThat(result.ok()).isFalse();
        assertThat(messages(result)).containsExactly("could not open configuration file \""
                + dir.resolve("nothere.conf") + "\": No such file or directory");
    }

    @Test
    void nestingDeeperThanTenIsRefused() throws IOException {
        write("loop-a.conf", "include 'loop-b.conf'\n");
        write("loop-b.conf", "include 'loop-a.conf'\n");
        ConfigFileParser.Result result = ConfigFileParser.parse(dir.resolve("loop-a.conf"));
        assertThat(result.ok()).isFalse();
        assertThat(messages(result)).containsExactly(
                "could not open configuration file \"loop-b.conf\": maximum nesting depth exceeded");
    }

    @Test
    void autoConfIsReadAfterPostgresqlConf() throws IOException {
        Path conf = write("postgresql.conf", "work_mem = 1MB\n");
        write("postgresql.auto.conf", "# Do not edit this file manually!\nwork_mem = '3MB'\n");
        ConfigFileParser.Result result = ConfigFileParser.parseServerConfig(conf, dir);
        assertThat(result.ok()).isTrue();
        assertThat(result.items()).extracting(ConfigFileParser.Item::value).containsExactly("1MB", "3MB");
    }

    @Test
    void lexerFollowsFlexLongestMatch() {
        ConfigFileParser.Lexer lexer = new ConfigFileParser.Lexer("128MB 0x1F -1.5e3 a.b a.b.c 1e3");
        List<ConfigFileParser.Token> tokens = new java.util.ArrayList<>();
        List<String> texts = new java.util.ArrayList<>();
        ConfigFileParser.Token token;
        while ((token = lexer.next()) != ConfigFileParser.Token.EOF) {
            tokens.add(token);
            texts.add(lexer.text());
        }
        assertThat(texts).containsExactly("128MB", "0x1F", "-1.5e3", "a.b", "a.b.c", "1e", "3");
        assertThat(tokens).containsExactly(ConfigFileParser.Token.INTEGER, ConfigFileParser.Token.INTEGER,
                ConfigFileParser.Token.REAL, ConfigFileParser.Token.QUALIFIED_ID,
                ConfigFileParser.Token.UNQUOTED_STRING, ConfigFileParser.Token.INTEGER,
                ConfigFileParser.Token.INTEGER);
    }
}
