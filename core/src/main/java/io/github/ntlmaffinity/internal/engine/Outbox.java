package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import java.util.ArrayList;
import java.util.List;

/**
 * What one tracker operation found and which handshakes it changed, gathered under the tracker's
 * lock and published after it. Lists are made on first use (most operations find nothing), and a
 * handshake changed twice in one operation is shown once, as it ended up.
 */
final class Outbox {
  private List<Finding> found;
  private List<HandshakeState> changed;

  void found(Finding finding) {
    if (found == null) {
      found = new ArrayList<>(2);
    }
    found.add(finding);
  }

  void changed(HandshakeState handshake) {
    if (changed == null) {
      changed = new ArrayList<>(2);
    } else if (changed.contains(handshake)) {
      return;
    }
    changed.add(handshake);
  }

  List<Finding> findings() {
    return found == null ? List.of() : found;
  }

  /** The changed handshakes' views: call under the tracker's lock, once, at the end. */
  List<Handshake> views() {
    if (changed == null) {
      return List.of();
    }
    List<Handshake> views = new ArrayList<>(changed.size());
    for (HandshakeState h : changed) {
      views.add(h.view());
    }
    return views;
  }
}
