package io.github.ntlmaffinity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The boundary between API and internals, as an architecture test: the public packages ({@code
 * io.github.ntlmaffinity}, {@code .wire}) name no internal type in anything a user can see, and
 * every internal package says that it is not API.
 */
class ApiBoundaryTest {
  private static final Path CLASSES = Path.of("target/classes");
  private static final String BASE = "io.github.ntlmaffinity";
  private static final List<String> API = List.of(BASE, BASE + ".wire");

  @Test
  void noPublicSignatureOfTheApiNamesAnInternalType() throws IOException {
    List<String> leaks = new ArrayList<>();
    List<Class<?>> api = apiTypes();
    for (Class<?> c : api) {
      check(c + " extends", c.getGenericSuperclass(), leaks);
      for (Type t : c.getGenericInterfaces()) {
        check(c + " implements", t, leaks);
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers())) {
          for (Type t : k.getGenericParameterTypes()) {
            check(k.toString(), t, leaks);
          }
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic()) {
          check(m.toString(), m.getGenericReturnType(), leaks);
          for (Type t : m.getGenericParameterTypes()) {
            check(m.toString(), t, leaks);
          }
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(f.toString(), f.getGenericType(), leaks);
        }
      }
      if (c.isRecord()) {
        for (RecordComponent rc : c.getRecordComponents()) {
          check(c.getName() + "." + rc.getName(), rc.getGenericType(), leaks);
        }
      }
    }
    assertThat(api).extracting(Class::getSimpleName).contains("NtlmAffinity", "NtlmDecoder");
    assertThat(leaks).isEmpty();
  }

  @Test
  void everyInternalPackageSaysItIsNotApi() throws IOException {
    Path internal = Path.of("src/main/java/io/github/ntlmaffinity/internal");
    List<Path> packages;
    try (Stream<Path> dirs = Files.walk(internal)) {
      packages = dirs.filter(Files::isDirectory).toList();
    }
    assertThat(packages).hasSizeGreaterThan(4);
    for (Path p : packages) {
      Path info = p.resolve("package-info.java");
      assertThat(info).exists();
      assertThat(Files.readString(info)).contains("<b>Not API</b>");
    }
  }

  private static List<Class<?>> apiTypes() throws IOException {
    List<Class<?>> types = new ArrayList<>();
    for (String pkg : API) {
      Path dir = CLASSES.resolve(pkg.replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          String name = f.getFileName().toString();
          name = name.substring(0, name.length() - ".class".length());
          if (name.equals("package-info")) {
            continue;
          }
          Class<?> c = load(pkg + "." + name);
          if (exported(c)) {
            types.add(c);
          }
        }
      }
    }
    return types;
  }

  /** Public, and every enclosing class public too. */
  private static boolean exported(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(String where, Type type, List<String> leaks) {
    if (type instanceof Class<?> c) {
      Class<?> k = c;
      while (k.isArray()) {
        k = k.getComponentType();
      }
      if (k.getName().startsWith(BASE + ".internal.")) {
        leaks.add(where + " names " + k.getName());
      }
    } else if (type instanceof ParameterizedType p) {
      check(where, p.getRawType(), leaks);
      for (Type a : p.getActualTypeArguments()) {
        check(where, a, leaks);
      }
    } else if (type instanceof GenericArrayType g) {
      check(where, g.getGenericComponentType(), leaks);
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(where, b, leaks);
      }
      for (Type b : w.getLowerBounds()) {
        check(where, b, leaks);
      }
    }
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ApiBoundaryTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
