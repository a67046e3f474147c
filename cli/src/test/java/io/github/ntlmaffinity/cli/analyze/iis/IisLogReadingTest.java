package io.github.ntlmaffinity.cli.analyze.iis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ntlmaffinity.cli.analyze.iis.InputProblems.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading W3C files as IIS writes them, and as they arrive broken. */
class IisLogReadingTest {
  private static final String HEAD =
      "#Software: Microsoft Internet Information Services 10.0\r\n"
          + "#Version: 1.0\r\n"
          + "#Date: 2026-11-30 09:00:00\r\n";

  @TempDir Path dir;

  @Test
  void readsFieldsInAnyOrderAcrossFieldsChangesWithDashesAndPlusSigns() throws Exception {
    List<IisEntry> entries =
        read(
            HEAD
                + "#Fields: time c-ip cs-method cs-uri-stem sc-status sc-substatus sc-win32-status"
                + " cs(User-Agent) cs-username\r\n"
                + "09:00:01 10.0.0.5 GET /a 401 2 5 Mozilla/5.0+(X11) -\r\n"
                + "#Fields: date time sc-win32-status sc-substatus sc-status cs-uri-stem c-ip"
                + " REMOTE_PORT cs-username x-custom\r\n"
                + "2026-12-01 23:59:59 2148074248 1 401 /b 10.0.0.6 50123 CONTOSO\\bob zzz\r\n",
            new InputProblems());

    assertThat(entries).hasSize(2);
    IisEntry a = entries.get(0);
    assertThat(a.time()).hasToString("2026-11-30T09:00:01Z");
    assertThat(a.userAgent()).isEqualTo("Mozilla/5.0 (X11)");
    assertThat(a.user()).isNull();
    assertThat(a.clientPort()).isEqualTo(-1);
    assertThat(IisCode.of(a)).isEqualTo(IisCode.ANONYMOUS_CHALLENGE);
    IisEntry b = entries.get(1);
    assertThat(b.time()).hasToString("2026-12-01T23:59:59Z");
    assertThat(b.triple()).isEqualTo("401 1 2148074248");
    assertThat(b.connection()).isEqualTo("10.0.0.6:50123");
    assertThat(b.user()).isEqualTo("CONTOSO\\bob");
    assertThat(IisCode.of(b)).isEqualTo(IisCode.INVALID_TOKEN);
  }

  @Test
  void everyDocumentedAuthenticationCodeIsRecognised() throws Exception {
    List<IisEntry> entries =
        read(
            HEAD
                + "#Fields: date time sc-status sc-substatus sc-win32-status cs-username\r\n"
                + "2026-11-30 09:00:01 401 2 5 -\r\n"
                + "2026-11-30 09:00:01 401 1 2148074254 -\r\n"
                + "2026-11-30 09:00:01 401 1 2148074248 -\r\n"
                + "2026-11-30 09:00:01 401 1 2148074252 -\r\n"
                + "2026-11-30 09:00:01 401 1 2148074274 -\r\n"
                + "2026-11-30 09:00:01 401 1 2148074310 -\r\n"
                + "2026-11-30 09:00:01 200 0 0 CONTOSO\\bob\r\n",
            new InputProblems());

    assertThat(entries)
        .extracting(IisCode::of)
        .containsExactly(
            IisCode.ANONYMOUS_CHALLENGE,
            IisCode.NTLM_CHALLENGE,
            IisCode.INVALID_TOKEN,
            IisCode.LOGON_DENIED,
            IisCode.WRONG_PRINCIPAL,
            IisCode.BAD_BINDINGS,
            IisCode.AUTHENTICATED);
  }

  @Test
  void brokenLinesAreSkippedCountedAndMakeTheResultPartial() throws Exception {
    InputProblems problems = new InputProblems();
    List<IisEntry> entries =
        read(
            "2026-11-30 09:00:00 401 2 5\r\n"
                + HEAD
                + "#Fields: date time sc-status sc-substatus sc-win32-status\r\n"
                + "2026-11-30 09:00:01 401 2\r\n"
                + "2026-11-30 25:00:01 401 2 5\r\n"
                + "2026-11-30 09:00:02 401 1 2148074248\r\n"
                + "2026-11-30 09:00:03 401 1",
            problems);

    assertThat(entries).hasSize(1);
    assertThat(problems.counts())
        .containsOnly(
            Map.entry(Kind.NO_FIELDS, 1L),
            Map.entry(Kind.WRONG_FIELD_COUNT, 1L),
            Map.entry(Kind.BAD_TIME, 1L),
            Map.entry(Kind.TRUNCATED_LAST_LINE, 1L));
    assertThat(problems.partial()).isTrue();
    assertThat(problems.samples())
        .anyMatch(s -> s.toString().startsWith("w3c/u_ex.log:6: values do not"));
  }

  @Test
  void aTenMegabyteLineIsSkippedWithoutBeingHeldAndReadingGoesOn() throws Exception {
    byte[] huge = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'x');
    InputStream in =
        new SequenceInputStream(
            new SequenceInputStream(
                bytes(HEAD + "#Fields: date time sc-status sc-substatus sc-win32-status\r\n"),
                new ByteArrayInputStream(huge)),
            bytes("\r\n2026-11-30 09:00:02 401 1 2148074248\r\n"));
    InputProblems problems = new InputProblems();
    W3cFile file = new W3cFile("big.log", in, LineReader.DEFAULT_MAX_LINE_BYTES, problems, names());

    IisEntry e = file.next();

    assertThat(e).isNotNull();
    assertThat(e.triple()).isEqualTo("401 1 2148074248");
    assertThat(problems.counts()).containsOnly(Map.entry(Kind.LINE_TOO_LONG, 1L));
    assertThat(problems.samples().get(0).toString())
        .contains("big.log:5", "line too long", "1048576");
    LineReader reader = new LineReader(new ByteArrayInputStream(huge), 4096);
    assertThat(reader.next().text()).isNull();
    assertThat(reader.retainedBytes()).isLessThanOrEqualTo(4096);
  }

  @Test
  void bytesThatAreNotUtf8SurviveAsLatin1AndAreFlagged() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(
        (HEAD
                + "#Fields: date time cs(User-Agent) cs-username sc-status sc-substatus sc-win32-status\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    b.writeBytes("2026-11-30 09:00:01 Caf".getBytes(StandardCharsets.US_ASCII));
    b.write(0xE9); // é in Windows-1252/Latin-1, not UTF-8
    b.writeBytes(" CONTOSO\\j".getBytes(StandardCharsets.US_ASCII));
    b.write(0xFC);
    b.writeBytes("rg 200 0 0\r\n".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(
        "2026-11-30 09:00:02 Caf\u00e9 CONTOSO\\j\u00fcrg 200 0 0\r\n"
            .getBytes(StandardCharsets.UTF_8));
    InputProblems problems = new InputProblems();

    List<IisEntry> entries = read(b.toByteArray(), problems);

    assertThat(entries).extracting(IisEntry::userAgent).containsExactly("Caf\u00e9", "Caf\u00e9");
    assertThat(entries).extracting(IisEntry::user).containsOnly("CONTOSO\\j\u00fcrg");
    assertThat(problems.counts()).containsOnly(Map.entry(Kind.NOT_UTF8, 1L));
    assertThat(problems.partial()).isFalse();
  }

  @Test
  void recognisesW3cFilesByTheirDirectives() {
    byte[] w3c = ("\uFEFF" + HEAD).getBytes(StandardCharsets.UTF_8);
    byte[] httpErr = "#Software: Microsoft HTTP API 2.0\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] json = "{\"log\":{}}".getBytes(StandardCharsets.UTF_8);

    assertThat(IisLogs.looksLikeW3c(w3c, w3c.length)).isTrue();
    assertThat(IisLogs.looksLikeW3c(httpErr, httpErr.length)).isTrue();
    assertThat(IisLogs.looksLikeW3c(json, json.length)).isFalse();
  }

  @Test
  void serversAreNamedByComputerNameThenFolderThenAddress() throws Exception {
    Path a = Files.createDirectories(dir.resolve("web1/W3SVC1")).resolve("u_ex1.log");
    Path b = Files.createDirectories(dir.resolve("web2/W3SVC1")).resolve("u_ex1.log");
    String fields = "#Fields: date time s-ip s-port s-computername sc-status\r\n";
    Files.writeString(a, HEAD + fields + "2026-11-30 09:00:01 10.0.1.11 80 - 200\r\n");
    Files.writeString(b, HEAD + fields + "2026-11-30 09:00:00 10.0.1.12 80 WEB2 200\r\n");
    InputProblems problems = new InputProblems();

    List<String> servers = new ArrayList<>();
    try (IisLogs logs = IisLogs.open(List.of(a, b), Map.of(), 1024, problems)) {
      IisEntry e;
      while ((e = logs.next()) != null) {
        servers.add(e.server());
      }
    }

    // merged by time: web2's line (09:00:00) first; it logs s-computername
    assertThat(servers).containsExactly("WEB2", "web1");
    try (IisLogs logs = IisLogs.open(List.of(a), Map.of(), 1024, problems)) {
      assertThat(logs.next().server()).isEqualTo("10.0.1.11:80");
    }
  }

  private List<IisEntry> read(String text, InputProblems problems) throws IOException {
    return read(text.getBytes(StandardCharsets.UTF_8), problems);
  }

  private List<IisEntry> read(byte[] data, InputProblems problems) throws IOException {
    W3cFile file =
        new W3cFile(
            "w3c/u_ex.log",
            new ByteArrayInputStream(data),
            LineReader.DEFAULT_MAX_LINE_BYTES,
            problems,
            names());
    List<IisEntry> list = new ArrayList<>();
    IisEntry e;
    while ((e = file.next()) != null) {
      list.add(e);
    }
    return list;
  }

  private static ServerNamer names() {
    return new ServerNamer(null, null, "u_ex.log");
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
  }
}
