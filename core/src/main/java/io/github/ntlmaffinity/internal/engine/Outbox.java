package io.github.ntlmaffinity.internal.engine;

import io.github.ntlmaffinity.Finding;
import io.github.ntlmaffinity.Handshake;
import java.util.ArrayList;
import java.util.List;

/**
 * What one tracker operation found and which handshakes it changed, gathered under the tracker's
 * lock and published after it. Most operations find nothing and change one handshake: the first of
 * each is held in a field and lists are made only for more. A handshake changed twice in one
 * operation is shown once, as it ended up. The tracker keeps one, cleared as each operation takes
 * the lock: the lists it hands out are its own copies.
 */
final class Outbox {
  private Finding finding;
  private List<Finding> moreFindings;
  private HandshakeState handshake;
  private List<HandshakeState> moreHandshakes;

  /** This outbox, emptied. */
  Outbox cleared() {
    finding = null;
    moreFindings = null;
    handshake = null;
    moreHandshakes = null;
    return this;
  }

  void found(Finding f) {
    if (finding == null) {
      finding = f;
      return;
    }
    if (moreFindings == null) {
      moreFindings = new ArrayList<>(2);
    }
    moreFindings.add(f);
  }

  void changed(HandshakeState h) {
    if (handshake == null) {
      handshake = h;
      return;
    }
    if (handshake == h) {
      return;
    }
    if (moreHandshakes == null) {
      moreHandshakes = new ArrayList<>(2);
    } else if (moreHandshakes.contains(h)) {
      return;
    }
    moreHandshakes.add(h);
  }

  List<Finding> findings() {
    if (finding == null) {
      return List.of();
    }
    if (moreFindings == null) {
      return List.of(finding);
    }
    List<Finding> all = new ArrayList<>(1 + moreFindings.size());
    all.add(finding);
    all.addAll(moreFindings);
    return all;
  }

  /** The changed handshakes' views: call under the tracker's lock, once, at the end. */
  List<Handshake> views() {
    if (handshake == null) {
      return List.of();
    }
    if (moreHandshakes == null) {
      return List.of(handshake.view());
    }
    List<Handshake> views = new ArrayList<>(1 + moreHandshakes.size());
    views.add(handshake.view());
    for (HandshakeState h : moreHandshakes) {
      views.add(h.view());
    }
    return views;
  }
}
