package io.github.ntlmaffinity.cli.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for https targets: the JDK's trust store, a trust store of the user's (PEM or DER
 * certificates, PKCS12 or JKS without password), or, with {@code --insecure}, no verification.
 *
 * @param socketFactory makes TLS sockets over the probe's plain ones
 * @param verifyHostname whether the server's name is checked against its certificate
 */
record Tls(SSLSocketFactory socketFactory, boolean verifyHostname) {

  /** The JDK's default trust. */
  static Tls standard() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, null, null);
    return new Tls(context.getSocketFactory(), true);
  }

  /**
   * Trusts the certificates in {@code file}.
   *
   * @throws IOException when the file cannot be read or holds no certificate
   */
  static Tls trusting(Path file) throws IOException, GeneralSecurityException {
    KeyStore store = load(file);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return new Tls(context.getSocketFactory(), true);
  }

  /** No certificate or host name verification at all. */
  static Tls insecure() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
    return new Tls(context.getSocketFactory(), false);
  }

  private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
    byte[] bytes = Files.readAllBytes(file);
    try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (!certificates.isEmpty()) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates) {
          store.setCertificateEntry("ca-" + i++, c);
        }
        return store;
      }
    } catch (GeneralSecurityException notCertificates) {
      // try a key store
    }
    for (String type : new String[] {"PKCS12", "JKS"}) {
      try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
        KeyStore store = KeyStore.getInstance(type);
        store.load(in, null);
        if (store.size() > 0) {
          return store;
        }
      } catch (IOException | GeneralSecurityException notThisType) {
        // next type
      }
    }
    throw new IOException(
        "holds no certificate (expected PEM or DER certificates, or a PKCS12/JKS trust store)");
  }

  /** Accepts every certificate: only behind {@code --insecure}. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
