package io.github.ntlmaffinity.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserTableTest {

  @Test
  void defaultsToAliceOfExample() {
    UserTable users = UserTable.defaults();
    assertThat(users.accounts())
        .containsExactly(new UserTable.Account("EXAMPLE", "alice", "Passw0rd!"));
    assertThat(users.password("EXAMPLE", "alice")).isEqualTo("Passw0rd!");
  }

  @Test
  void readsAFileOfDomainUserPasswordLines(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("users.txt");
    Files.writeString(
        file,
        "# demo accounts\n\nCORP\\bob:s3cret:with:colons\n  EXAMPLE\\carol:pw  \n",
        StandardCharsets.UTF_8);
    UserTable users = UserTable.read(file);
    assertThat(users.accounts())
        .extracting(UserTable.Account::qualified)
        .containsExactly("CORP\\bob", "EXAMPLE\\carol");
    assertThat(users.password("corp", "BOB"))
        .as("names match case-insensitively")
        .isEqualTo("s3cret:with:colons");
    assertThat(users.password("EXAMPLE", "alice")).isNull();
  }

  @Test
  void namesTheLineThatIsNotDomainUserPassword() {
    assertThatThrownBy(() -> UserTable.parse(List.of("EXAMPLE\\alice:pw", "bob:pw")))
        .hasMessageContaining("line 2")
        .hasMessageContaining("DOMAIN\\user:password");
    assertThatThrownBy(() -> UserTable.parse(List.of("EXAMPLE\\:pw")))
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> UserTable.parse(List.of("# nobody")))
        .hasMessage("the user table has no account");
  }

  @Test
  void neverShowsAPassword() {
    assertThat(new UserTable.Account("EXAMPLE", "alice", "Passw0rd!").toString())
        .isEqualTo("EXAMPLE\\alice:***");
  }
}
