/**
 * Packet-capture reading for {@code analyze}: pcap and pcapng files, link layers, IPv4/IPv6, TCP
 * reassembly per direction and HTTP/1.x message parsing, turned into the engine's observations.
 * Internal to the command line tool, not API.
 */
package io.github.ntlmaffinity.cli.analyze.capture;
