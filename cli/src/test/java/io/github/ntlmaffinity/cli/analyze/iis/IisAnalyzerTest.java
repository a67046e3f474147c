package io.github.ntlmaffinity.cli.analyze.iis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.ntlmaffinity.Balancer;
import io.github.ntlmaffinity.FindingType;
import io.github.ntlmaffinity.cli.analyze.iis.IisFinding.Certainty;
import io.github.ntlmaffinity.cli.analyze.report.AnalysisReport;
import io.github.ntlmaffinity.cli.analyze.report.JsonReport;
import io.github.ntlmaffinity.cli.analyze.report.TextReport;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked samples in the format IIS documents: the default field set of two servers behind one
 * balancer, and an {@code _x} file with REMOTE_PORT, X-Forwarded-For and a {@code #Fields} change,
 * with HTTP.sys's error log beside it.
 */
class IisAnalyzerTest {

  static Path resource(String name) {
    try {
      return Path.of(IisAnalyzerTest.class.getResource("/iis/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static IisReport analyze(List<Path> files, Map<Path, String> servers) throws Exception {
    return IisAnalyzer.analyze(
        files,
        servers,
        Balancer.GENERIC,
        IisAnalyzer.DEFAULT_WINDOW,
        LineReader.DEFAULT_MAX_LINE_BYTES);
  }

  @Test
  void defaultFieldsOfTwoServersShowTheFieldReportsSplitAcrossServers() throws Exception {
    IisReport r =
        analyze(
            List.of(
                resource("farm-default/web1/u_ex261130.log"),
                resource("farm-default/web2/u_ex261130.log")),
            Map.of());

    assertThat(r.partial()).isFalse();
    assertThat(r.analysis().servers()).containsOnlyKeys("web1", "web2");
    assertThat(r.analysis().counts())
        .containsExactly(Map.entry(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES, 1L));
    IisFinding f = r.analysis().findings().get(0);
    assertThat(f.server()).isEqualTo("web2");
    assertThat(f.otherServer()).isEqualTo("web1");
    assertThat(f.certainty()).isEqualTo(Certainty.INFERRED);
    assertThat(f.client()).contains("10.0.0.5", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)");
    assertThat(f.lines()).containsExactly("web1/u_ex261130.log:6", "web2/u_ex261130.log:5");
    assertThat(f.explanation()).contains("2148074248", "SEC_E_INVALID_TOKEN", "web1");
    assertThat(f.advice())
        .isEqualTo(FindingType.HANDSHAKE_SPLIT_ACROSS_NODES.advice(Balancer.GENERIC));
    assertThat(r.notes())
        .extracting(IisNote::kind)
        .containsExactly(IisNote.Kind.NO_PORT_FIELD, IisNote.Kind.NO_FORWARDED_FOR);
    assertThat(r.notes().get(0).advice())
        .contains(
            "logFieldName='REMOTE_PORT',sourceName='REMOTE_PORT',sourceType='ServerVariable'");
  }

  @Test
  void remotePortMakesConnectionsExactAndHttpErrClosesAbandonedChallenges() throws Exception {
    Path x = resource("farm-x/WEB1/u_ex261130_x.log");
    Path err = resource("farm-x/WEB1/httperr1.log");
    IisReport r = analyze(List.of(x, err), Map.of(err, "WEB1"));

    assertThat(r.partial()).isFalse();
    assertThat(r.analysis().servers()).containsOnlyKeys("WEB1");
    assertThat(r.analysis().counts())
        .containsOnly(
            Map.entry(FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS, 1L),
            Map.entry(FindingType.CONNECTION_SHARED_BY_CLIENTS, 1L),
            Map.entry(FindingType.CHALLENGE_ABANDONED, 2L));
    IisFinding split = only(r, FindingType.HANDSHAKE_SPLIT_ACROSS_CONNECTIONS);
    assertThat(split.certainty()).isEqualTo(Certainty.CONNECTIONS_EXACT);
    assertThat(split.connection()).isEqualTo("10.0.0.5:50002");
    assertThat(split.otherConnection()).isEqualTo("10.0.0.5:50001");
    assertThat(split.client()).isEqualTo("192.168.7.20 (X-Forwarded-For)");
    IisFinding shared = only(r, FindingType.CONNECTION_SHARED_BY_CLIENTS);
    assertThat(shared.certainty()).isEqualTo(Certainty.EXACT);
    assertThat(shared.explanation()).contains("192.168.7.30", "192.168.7.31", "CONTOSO\\alice");
    assertThat(r.analysis().findings())
        .filteredOn(f -> f.type() == FindingType.CHALLENGE_ABANDONED)
        .extracting(IisFinding::explanation)
        .anySatisfy(e -> assertThat(e).contains("10.0.0.5:50020", "Timer_ConnectionIdle"));
    assertThat(r.analysis().servers().get("WEB1").badBindings).isEqualTo(1);
    assertThat(r.notes()).extracting(IisNote::kind).containsExactly(IisNote.Kind.BAD_BINDINGS);
    assertThat(r.notes().get(0).advice()).contains("tokenChecking");
    // the second #Fields names sc-bytes, which the analysis does not read
    assertThat(r.problems().counts()).containsOnlyKeys(InputProblems.Kind.UNKNOWN_FIELDS);
  }

  @Test
  void theSharedReportCarriesTheFindingsTheirCertaintyAndTheLines() throws Exception {
    List<Path> files =
        List.of(
            resource("farm-default/web1/u_ex261130.log"),
            resource("farm-default/web2/u_ex261130.log"));
    AnalysisReport report = IisSource.report(files, analyze(files, Map.of()));
    StringBuilder text = new StringBuilder();
    TextReport.write(report, text);
    StringBuilder json = new StringBuilder();
    JsonReport.write(report, json);

    assertThat(report.hasBroken()).isTrue();
    assertThat(report.handshakes()).hasSize(1);
    assertThat(report.handshakes().get(0).legs())
        .extracting(AnalysisReport.Leg::server, AnalysisReport.Leg::misplaced)
        .containsExactly(tuple("web1", false), tuple("web2", true));
    assertThat(text.toString())
        .contains("HANDSHAKE_SPLIT_ACROSS_NODES", "(inferred)", "web2/u_ex261130.log:5");
    com.fasterxml.jackson.databind.JsonNode tree =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString());
    assertThat(tree.toString()).contains("HANDSHAKE_SPLIT_ACROSS_NODES", "web1");
  }

  static IisFinding only(IisReport r, FindingType type) {
    List<IisFinding> list = r.analysis().findings().stream().filter(f -> f.type() == type).toList();
    assertThat(list).hasSize(1);
    return list.get(0);
  }
}
