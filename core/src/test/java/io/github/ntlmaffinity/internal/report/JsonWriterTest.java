package io.github.ntlmaffinity.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonWriterTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final StringBuilder out = new StringBuilder();
  private final JsonWriter json = new JsonWriter(out);

  @Test
  void writesNestedStructuresWithCommas() throws Exception {
    json.beginObject()
        .name("a")
        .value(1)
        .name("b")
        .beginArray()
        .value("x")
        .value(true)
        .nullValue()
        .beginObject()
        .endObject()
        .beginArray()
        .endArray()
        .endArray()
        .name("c")
        .value(false)
        .endObject();

    assertThat(out).hasToString("{\"a\":1,\"b\":[\"x\",true,null,{},[]],\"c\":false}");
    assertThat(json.isComplete()).isTrue();
    assertThat(MAPPER.readTree(out.toString()).get("b").size()).isEqualTo(5);
  }

  @Test
  void writesNumbersExactly() throws Exception {
    json.beginArray()
        .value(Integer.MIN_VALUE)
        .value(Long.MAX_VALUE)
        .value(Long.MIN_VALUE)
        .value(0.5)
        .value(-0.0)
        .value(1e300)
        .value(4.9e-324)
        .value(Double.NaN)
        .value(Double.POSITIVE_INFINITY)
        .value(Double.NEGATIVE_INFINITY)
        .value(Long.valueOf(7))
        .value((Number) null)
        .endArray();

    JsonNode node = MAPPER.readTree(out.toString());
    assertThat(node.get(0).intValue()).isEqualTo(Integer.MIN_VALUE);
    assertThat(node.get(1).longValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(node.get(2).longValue()).isEqualTo(Long.MIN_VALUE);
    assertThat(node.get(3).doubleValue()).isEqualTo(0.5);
    assertThat(node.get(4).doubleValue()).isEqualTo(-0.0);
    assertThat(node.get(5).doubleValue()).isEqualTo(1e300);
    assertThat(node.get(6).doubleValue()).isEqualTo(4.9e-324);
    assertThat(node.get(7).isNull()).isTrue();
    assertThat(node.get(8).isNull()).isTrue();
    assertThat(node.get(9).isNull()).isTrue();
    assertThat(node.get(10).longValue()).isEqualTo(7);
    assertThat(node.get(11).isNull()).isTrue();
  }

  static Stream<String> nastyStrings() {
    StringBuilder allControls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      allControls.append(c);
    }
    return Stream.of(
        "",
        "plain",
        "quote \" backslash \\ slash /",
        allControls.toString(),
        "\u0000",
        "DEL \u007f",
        "line\u2028separator\u2029paragraph",
        "lone high \ud800 end",
        "lone low \udc00 end",
        "\ud800",
        "\udfff\ud800",
        "pair \ud83d\ude00 emoji",
        "high at end \ud83d",
        "EXAMPLE\\alice",
        "</script><script>alert(1)</script>",
        "\u00e9\u4e2d\ufeff\ufffd\uffff",
        "\"\\\"\\\\\"",
        "tab\there\r\nnewline");
  }

  @ParameterizedTest
  @MethodSource("nastyStrings")
  void stringsRoundTripThroughJackson(String s) throws Exception {
    json.beginObject().name(s).value(s).endObject();

    assertPrintableAndWellFormed(out);
    if (hasLoneSurrogate(s)) {
      // RFC 8259 allows an escaped lone surrogate; Jackson accepts one in values, not in names.
      String value = out.substring(out.indexOf("\":") + 2, out.length() - 1);
      assertThat(MAPPER.readTree(value).textValue()).isEqualTo(s);
    } else {
      JsonNode node = MAPPER.readTree(out.toString());
      assertThat(node.fieldNames().next()).isEqualTo(s);
      assertThat(node.get(s).textValue()).isEqualTo(s);
    }
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void escapesWithShortFormsWhereJsonHasThem() {
    json.value("\"\\\b\f\n\r\t\u0001\u001f\u007f\u2028\u2029\ud800");

    assertThat(out)
        .hasToString("\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\\u2028\\u2029\\ud800\"");
  }

  @Test
  void leavesValidSurrogatePairsAndNonAsciiAlone() {
    json.value("\u00e9\ud83d\ude00");

    assertThat(out).hasToString("\"\u00e9\ud83d\ude00\"");
  }

  @Test
  void randomStringsRoundTrip() throws Exception {
    Random random = new Random(20261124);
    List<String> strings = new ArrayList<>();
    for (int n = 0; n < 2_000; n++) {
      char[] chars = new char[random.nextInt(12)];
      for (int i = 0; i < chars.length; i++) {
        // Bias towards the interesting ranges: controls, ASCII, surrogates, separators.
        chars[i] =
            switch (random.nextInt(5)) {
              case 0 -> (char) random.nextInt(0x21);
              case 1 -> (char) (0x20 + random.nextInt(0x60));
              case 2 -> (char) (0xd800 + random.nextInt(0x800));
              case 3 -> (char) (0x2027 + random.nextInt(3));
              default -> (char) random.nextInt(0x10000);
            };
      }
      strings.add(new String(chars));
    }
    json.beginArray();
    strings.forEach(json::value);
    json.endArray();

    JsonNode node = MAPPER.readTree(out.toString());
    for (int i = 0; i < strings.size(); i++) {
      assertThat(node.get(i).textValue()).isEqualTo(strings.get(i));
    }
    assertPrintableAndWellFormed(out);
  }

  @Test
  void quoteEscapesOneString() {
    assertThat(JsonWriter.quote("a\"b\n")).isEqualTo("\"a\\\"b\\n\"");
    assertThat(JsonWriter.quote(null)).isEqualTo("null");
  }

  @Test
  void nullStringIsJsonNull() throws Exception {
    json.beginObject().name("n").value((CharSequence) null).endObject();

    assertThat(out).hasToString("{\"n\":null}");
  }

  @Test
  void indentsWhenAsked() throws Exception {
    JsonWriter pretty = new JsonWriter(out, "  ");
    pretty
        .beginObject()
        .name("a")
        .beginArray()
        .value(1)
        .value(2)
        .endArray()
        .name("e")
        .beginObject()
        .endObject()
        .name("z")
        .beginArray()
        .endArray()
        .endObject();

    assertThat(out)
        .hasToString(
            "{\n"
                + "  \"a\": [\n"
                + "    1,\n"
                + "    2\n"
                + "  ],\n"
                + "  \"e\": {},\n"
                + "  \"z\": []\n"
                + "}");
    assertThat(MAPPER.readTree(out.toString()).get("a").size()).isEqualTo(2);
  }

  @Test
  void nestsDeeperThanTheInitialStack() throws Exception {
    for (int i = 0; i < 100; i++) {
      json.beginArray();
    }
    json.value(1);
    for (int i = 0; i < 100; i++) {
      json.endArray();
    }

    assertThat(json.isComplete()).isTrue();
    assertThat(MAPPER.readTree(out.toString()).isArray()).isTrue();
  }

  @Test
  void rejectsMisuse() {
    assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginObject().value(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without a name");
    assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginArray().name("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside an object");
    assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginObject().name("a").name("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name after a name");
    assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).beginObject().endArray())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no open array");
    assertThatThrownBy(
            () -> new JsonWriter(new StringBuilder()).beginObject().name("a").endObject())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("name without a value");
    assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).value(1).value(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one value");
    assertThatThrownBy(() -> new JsonWriter(new StringBuilder()).endObject())
        .isInstanceOf(IllegalStateException.class);
    assertThat(new JsonWriter(new StringBuilder()).beginObject().isComplete()).isFalse();
  }

  @Test
  void wrapsIoExceptionsOfTheAppendable() {
    Writer failing =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) throws IOException {
            throw new IOException("disk full");
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };

    assertThatThrownBy(() -> new JsonWriter(failing).value("x"))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("disk full");
  }

  @Test
  void writesToAnyAppendable() throws Exception {
    java.io.StringWriter writer = new java.io.StringWriter();
    new JsonWriter(writer)
        .beginObject()
        .name("i")
        .value(-3)
        .name("l")
        .value(5_000_000_000L)
        .name("d")
        .value(2.5)
        .name("s")
        .value("\u2028")
        .endObject();

    assertThat(writer).hasToString("{\"i\":-3,\"l\":5000000000,\"d\":2.5,\"s\":\"\\u2028\"}");
  }

  /** No raw control character, line separator or lone surrogate may reach the output. */
  private static void assertPrintableAndWellFormed(CharSequence json) {
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      assertThat(c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029')
          .as("raw U+%04X at %d", (int) c, i)
          .isFalse();
      if (Character.isHighSurrogate(c)) {
        assertThat(i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1)))
            .as("lone high surrogate at %d", i)
            .isTrue();
        i++;
      } else {
        assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at %d", i).isFalse();
      }
    }
  }
}
