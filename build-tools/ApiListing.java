/*
 * Copyright 2026 The ntlm-affinity developers
 * SPDX-License-Identifier: Apache-2.0
 */

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes or checks a module's API listing: every public and protected type and member of its
 * compiled classes, except those in a package with a segment named {@code internal}.
 *
 * <p>Run by the parent POM in {@code verify} (exec-maven-plugin, with the module's compile class
 * path): {@code java -cp CLASSPATH ApiListing.java CLASSES_DIR LISTING_FILE UPDATE}. With UPDATE
 * {@code false} a listing that differs from the committed file fails the build and prints the
 * difference; with {@code true} (the build's {@code -Dapi.update=true}) the file is rewritten.
 *
 * <p>Built on reflection only, so that the text is the same on every JDK from 17 on: types are
 * rendered here, not by {@code toGenericString()}, whose wording changes between JDKs.
 */
public final class ApiListing {

  private static final int TYPE_MODIFIERS =
      Modifier.PUBLIC | Modifier.PROTECTED | Modifier.ABSTRACT | Modifier.STATIC | Modifier.FINAL;
  private static final int MEMBER_MODIFIERS =
      Modifier.PUBLIC
          | Modifier.PROTECTED
          | Modifier.ABSTRACT
          | Modifier.STATIC
          | Modifier.FINAL
          | Modifier.SYNCHRONIZED
          | Modifier.NATIVE
          | Modifier.TRANSIENT
          | Modifier.VOLATILE;

  private ApiListing() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: java -cp CLASSPATH ApiListing.java CLASSES_DIR LISTING UPDATE");
      System.exit(2);
    }
    Path classes = Path.of(args[0]);
    Path listing = Path.of(args[1]);
    boolean update = Boolean.parseBoolean(args[2]);
    List<String> generated = listing(classes);
    if (update) {
      Files.createDirectories(listing.toAbsolutePath().getParent());
      Files.write(listing, generated, StandardCharsets.UTF_8);
      System.out.println("api: wrote " + listing + " (" + generated.size() + " lines)");
      return;
    }
    if (!Files.exists(listing)) {
      fail(listing, "no committed API listing at " + listing);
    }
    List<String> committed = Files.readAllLines(listing, StandardCharsets.UTF_8);
    if (!committed.equals(generated)) {
      Set<String> removed = new LinkedHashSet<>(committed);
      removed.removeAll(generated);
      Set<String> added = new LinkedHashSet<>(generated);
      added.removeAll(committed);
      StringBuilder diff = new StringBuilder("the public API differs from " + listing + ":\n");
      removed.forEach(line -> diff.append("  - ").append(line.strip()).append('\n'));
      added.forEach(line -> diff.append("  + ").append(line.strip()).append('\n'));
      if (removed.isEmpty() && added.isEmpty()) {
        diff.append("  (same lines in another order)\n");
      }
      fail(listing, diff.toString());
    }
    System.out.println("api: " + listing + " matches the compiled classes");
  }

  private static void fail(Path listing, String message) {
    System.err.println("api: " + message);
    System.err.println(
        "api: if the change is deliberate, regenerate the listing with"
            + " `mvn -B verify -pl <module> -am -DskipTests -Dapi.update=true` (docs/releasing.md)"
            + " and commit it with the change");
    System.exit(1);
  }

  static List<String> listing(Path classes) throws IOException, ClassNotFoundException {
    List<String> names;
    try (Stream<Path> files = Files.walk(classes)) {
      names =
          files
              .map(classes::relativize)
              .map(Path::toString)
              .filter(name -> name.endsWith(".class"))
              .filter(name -> !name.endsWith("module-info.class"))
              .filter(name -> !name.endsWith("package-info.class"))
              .map(name -> name.substring(0, name.length() - 6).replace('/', '.'))
              .sorted()
              .collect(Collectors.toList());
    }
    ClassLoader loader = ApiListing.class.getClassLoader();
    List<String> out = new ArrayList<>();
    for (String name : names) {
      Class<?> type = Class.forName(name, false, loader);
      if (!isApi(type)) {
        continue;
      }
      out.add(declaration(type));
      // Fields, then constructors, then methods, each by name: a reader finds a member where a
      // class's source would have it.
      TreeMap<String, String> members = new TreeMap<>();
      for (Field field : type.getDeclaredFields()) {
        if (isApiMember(field.getModifiers()) && !field.isSynthetic()) {
          String line = field(field);
          members.put("0 " + field.getName() + " " + line, line);
        }
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (isApiMember(constructor.getModifiers()) && !constructor.isSynthetic()) {
          String line = executable(constructor, null, type.getSimpleName());
          members.put("1 " + line, line);
        }
      }
      for (Method method : type.getDeclaredMethods()) {
        if (isApiMember(method.getModifiers()) && !method.isSynthetic() && !method.isBridge()) {
          String line = executable(method, method.getGenericReturnType(), method.getName());
          members.put("2 " + method.getName() + " " + line, line);
        }
      }
      members.values().forEach(member -> out.add("  " + member));
    }
    return out;
  }

  private static boolean isApi(Class<?> type) {
    if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
      return false;
    }
    if (Arrays.asList(type.getPackageName().split("\\.")).contains("internal")) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!isApiMember(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isApiMember(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String declaration(Class<?> type) {
    int modifiers = type.getModifiers() & TYPE_MODIFIERS;
    String kind;
    if (type.isAnnotation()) {
      kind = "@interface";
      modifiers &= ~Modifier.ABSTRACT;
    } else if (type.isInterface()) {
      kind = "interface";
      modifiers &= ~Modifier.ABSTRACT;
    } else if (type.isEnum()) {
      kind = "enum";
      modifiers &= ~(Modifier.FINAL | Modifier.ABSTRACT);
    } else if (type.isRecord()) {
      kind = "record";
      modifiers &= ~Modifier.FINAL;
    } else {
      kind = "class";
    }
    if (type.isMemberClass() && (type.isInterface() || type.isEnum() || type.isRecord())) {
      modifiers &= ~Modifier.STATIC;
    }
    StringBuilder line = new StringBuilder(modifierText(modifiers));
    if (type.isSealed()) {
      line.append(" sealed");
    }
    line.append(' ').append(kind).append(' ').append(name(type));
    line.append(typeParameters(type.getTypeParameters()));
    Type superclass = type.getGenericSuperclass();
    if (superclass != null
        && superclass != Object.class
        && superclass != Record.class
        && !type.isEnum()) {
      line.append(" extends ").append(render(superclass));
    }
    Type[] interfaces = type.getGenericInterfaces();
    if (interfaces.length > 0 && !type.isAnnotation()) {
      line.append(type.isInterface() ? " extends " : " implements ");
      line.append(Arrays.stream(interfaces).map(ApiListing::render).collect(joining()));
    }
    if (type.isSealed()) {
      line.append(" permits ");
      line.append(
          Arrays.stream(type.getPermittedSubclasses())
              .map(ApiListing::name)
              .sorted()
              .collect(joining()));
    }
    return line.toString();
  }

  private static String executable(Executable executable, Type returnType, String name) {
    int modifiers = executable.getModifiers() & MEMBER_MODIFIERS;
    boolean inInterface = executable.getDeclaringClass().isInterface();
    if (inInterface) {
      modifiers &= ~Modifier.ABSTRACT;
    }
    StringBuilder line = new StringBuilder(modifierText(modifiers));
    if (executable instanceof Method method && method.isDefault()) {
      line.append(" default");
    }
    String typeParameters = typeParameters(executable.getTypeParameters());
    if (!typeParameters.isEmpty()) {
      line.append(' ').append(typeParameters);
    }
    if (returnType != null) {
      line.append(' ').append(render(returnType));
    }
    line.append(' ').append(name).append('(');
    Type[] parameters = executable.getGenericParameterTypes();
    List<String> rendered = new ArrayList<>();
    for (int i = 0; i < parameters.length; i++) {
      String parameter = render(parameters[i]);
      if (executable.isVarArgs() && i == parameters.length - 1 && parameter.endsWith("[]")) {
        parameter = parameter.substring(0, parameter.length() - 2) + "...";
      }
      rendered.add(parameter);
    }
    line.append(String.join(", ", rendered)).append(')');
    Type[] exceptions = executable.getGenericExceptionTypes();
    if (exceptions.length > 0) {
      line.append(" throws ")
          .append(Arrays.stream(exceptions).map(ApiListing::render).collect(joining()));
    }
    return line.toString();
  }

  private static String field(Field field) {
    int modifiers = field.getModifiers() & MEMBER_MODIFIERS;
    StringBuilder line = new StringBuilder(modifierText(modifiers));
    line.append(' ').append(render(field.getGenericType())).append(' ').append(field.getName());
    boolean constant =
        Modifier.isStatic(modifiers)
            && Modifier.isFinal(modifiers)
            && (field.getType().isPrimitive() || field.getType() == String.class);
    if (constant && Modifier.isPublic(modifiers)) {
      // A compile-time constant is copied into callers: its value is part of the API.
      try {
        line.append(" = ").append(quoted(field.get(null)));
      } catch (ReflectiveOperationException | LinkageError e) {
        line.append(" = ?");
      }
    }
    return line.toString();
  }

  private static String quoted(Object value) {
    if (!(value instanceof String text)) {
      return String.valueOf(value);
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String modifierText(int modifiers) {
    return Modifier.toString(modifiers);
  }

  private static String typeParameters(TypeVariable<?>[] variables) {
    if (variables.length == 0) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (TypeVariable<?> variable : variables) {
      Type[] bounds = variable.getBounds();
      if (bounds.length == 1 && bounds[0] == Object.class) {
        out.add(variable.getName());
      } else {
        out.add(
            variable.getName()
                + " extends "
                + Arrays.stream(bounds).map(ApiListing::render).collect(Collectors.joining(" & ")));
      }
    }
    return "<" + String.join(", ", out) + ">";
  }

  private static String render(Type type) {
    if (type instanceof Class<?> c) {
      return c.isArray() ? render(c.getComponentType()) + "[]" : name(c);
    }
    if (type instanceof ParameterizedType p) {
      String arguments =
          Arrays.stream(p.getActualTypeArguments()).map(ApiListing::render).collect(joining());
      return render(p.getRawType()) + "<" + arguments + ">";
    }
    if (type instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) {
        return "? super " + render(w.getLowerBounds()[0]);
      }
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + render(upper[0]);
    }
    if (type instanceof GenericArrayType a) {
      return render(a.getGenericComponentType()) + "[]";
    }
    if (type instanceof TypeVariable<?> v) {
      return v.getName();
    }
    return type.getTypeName();
  }

  /** A type's source name: {@code java.util.Map.Entry}, not the binary {@code Map$Entry}. */
  private static String name(Class<?> type) {
    String canonical = type.getCanonicalName();
    return canonical != null ? canonical : type.getName();
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }
}
