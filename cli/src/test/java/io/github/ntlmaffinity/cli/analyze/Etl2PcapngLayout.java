package io.github.ntlmaffinity.cli.analyze;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the packets of a real capture (Ethernet frames) into a pcapng file laid out block for
 * block as Microsoft's {@code etl2pcapng} 1.12 writes one (read from its {@code src/main.c}; no
 * real etl2pcapng output could be found to check in): a little-endian SHB without options and a
 * section length of -1; all IDBs first, one per Windows component, snapshot length 65,535, no
 * {@code if_tsresol} (microseconds), with {@code if_name}, {@code if_desc}, {@code if_MACaddr},
 * {@code if_IPv4addr} and {@code if_IPv6addr} options (end-of-options only after a name or
 * description); EPBs with {@code epb_flags}, {@code epb_packetid}, option 8 (process and thread
 * id), a {@code comment} and end-of-options; and a systemd journal export block among them. As
 * pktmon records a packet at each component it passes, every frame is written twice: on interface 2
 * (Ethernet) and on interface 3 (raw IP, the Ethernet header removed), with the same packet id.
 */
final class Etl2PcapngLayout {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Etl2PcapngLayout() {}

  static void write(Path file, List<PcapRecords.Rec> frames) throws Exception {
    Etl2PcapngLayout w = new Etl2PcapngLayout();
    w.block(
        0x0a0d0d0a, le(16).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0).putLong(-1));
    w.idb(1, "wifi:7", null, false);
    w.idb(105, "wifi:7", "native 802.11", false);
    w.idb(1, "eth:12:0", "LWF over IfIndex 11", true);
    w.idb(101, "mbb:14", null, false);
    long id = 0x4000_0000_0000L;
    for (PcapRecords.Rec r : frames) {
      id++;
      if (id % 2 == 0 || id % 3 == 0) {
        w.epb(2, r, r.data(), id);
      }
      if (id % 2 == 1 || id % 3 == 0) {
        byte[] ip = java.util.Arrays.copyOfRange(r.data(), 14, r.data().length);
        w.epb(3, r, ip, id);
      }
      if (id % 16 == 0) {
        byte[] journal =
            ("__REALTIME_TIMESTAMP=" + r.seconds() + "000000\nMESSAGE=NDIS event\n\n")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer j = le(journal.length + 3).put(journal);
        pad(j);
        w.block(9, j);
      }
    }
    Files.write(file, w.out.toByteArray());
  }

  private void idb(int linkType, String name, String desc, boolean addresses) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] d = desc == null ? new byte[0] : desc.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = le(512).putShort((short) linkType).putShort((short) 0).putInt(65_535);
    option(b, 2, n);
    if (d.length > 0) {
      option(b, 3, d);
    }
    if (addresses) {
      option(b, 6, new byte[] {0x00, 0x15, 0x5d, 0x01, 0x02, 0x03});
      option(b, 4, new byte[] {(byte) 192, 0, 2, 10, (byte) 255, (byte) 255, (byte) 255, 0});
      byte[] v6 = new byte[17];
      v6[0] = 0x20;
      v6[1] = 0x01;
      v6[2] = 0x0d;
      v6[3] = (byte) 0xb8;
      v6[16] = 64;
      option(b, 5, v6);
    }
    b.putInt(0);
    block(1, b);
  }

  private void epb(int iface, PcapRecords.Rec r, byte[] data, long packetId) {
    long micros = r.seconds() * 1_000_000L + (r.fraction() & 0xffffffffL);
    ByteBuffer b = le(data.length + 256);
    b.putInt(iface).putInt((int) (micros >>> 32)).putInt((int) micros);
    b.putInt(data.length).putInt(data.length).put(data);
    pad(b);
    b.putShort((short) 2).putShort((short) 4).putInt(iface == 2 ? 1 : 2);
    b.putShort((short) 5).putShort((short) 8).putLong(packetId);
    b.putShort((short) 8).putShort((short) 8).putInt(4).putInt(1234);
    option(b, 1, ("PID=4 TID=1234 component " + iface).getBytes(StandardCharsets.UTF_8));
    b.putInt(0);
    block(6, b);
  }

  private static void option(ByteBuffer b, int code, byte[] value) {
    b.putShort((short) code).putShort((short) value.length).put(value);
    pad(b);
  }

  private static void pad(ByteBuffer b) {
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  private void block(int type, ByteBuffer body) {
    int length = 12 + body.position();
    ByteBuffer b = le(length).putInt(type).putInt(length);
    b.put(body.array(), 0, body.position()).putInt(length);
    out.writeBytes(b.array());
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
