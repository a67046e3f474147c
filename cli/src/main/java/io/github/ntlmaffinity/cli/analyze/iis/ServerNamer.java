package io.github.ntlmaffinity.cli.analyze.iis;

/**
 * Names the server that wrote a line, in this order: the name given for the file on the command
 * line; {@code s-computername} when logged; the folder the file was collected in, when the files
 * come from more than one folder (IIS's own {@code W3SVC<n>} folders are skipped: they name the
 * site, not the server); {@code s-ip:s-port}; else the file name. Internal, not API.
 *
 * @param override the name given on the command line, or {@code null}
 * @param folder the collecting folder's name when folders tell servers apart, or {@code null}
 * @param fileName the file's name, the last resort
 */
record ServerNamer(String override, String folder, String fileName) {

  String name(String computerName, String serverAddress) {
    if (override != null) {
      return override;
    }
    if (computerName != null) {
      return computerName;
    }
    if (folder != null) {
      return folder;
    }
    return serverAddress != null ? serverAddress : fileName;
  }
}
