package io.btmanager.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs the first {@code java} block under "## Quick start" in the repository's
 * README, so the first code a reader copies cannot rot.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadmeQuickStartTest {
  private static final Pattern PUBLIC_CLASS = Pattern.compile("public\\s+class\\s+(\\w+)");

  @TempDir
  Path dir;

  @Test
  void quickStartCompilesRunsAndSucceeds() throws Exception {
    String source = quickStartBlock(readme());
    Matcher m = PUBLIC_CLASS.matcher(source);
    assertThat(m.find())
        .as("a public class in the Quick start block:%n%s", source)
        .isTrue();
    String className = m.group(1);

    compile(className, source);
    String out = runMain(className);

    assertThat(out)
        .as("what the Quick start printed")
        .contains("SUCCEEDED")
        .contains("cat.png@640")
        .contains("bob joined alice's task: ");
  }

  /** The README of the repository: found from the working directory up (Maven: the module). */
  private static Path readme() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path readme = d.resolve("README.md");
      if (Files.isRegularFile(readme) && Files.isRegularFile(d.resolve("bt-examples/pom.xml"))) {
        return readme;
      }
    }
    return fail("no README.md next to bt-examples/ in %s or above", Path.of("").toAbsolutePath());
  }

  /** The first ```java block after the "## Quick start" heading, before the next heading. */
  static String quickStartBlock(Path readme) throws IOException {
    String text = Files.readString(readme, StandardCharsets.UTF_8).replace("\r\n", "\n");
    int start = text.indexOf("\n## Quick start\n");
    assertThat(start).as("a '## Quick start' heading in %s", readme).isNotNegative();
    int end = text.indexOf("\n## ", start + 1);
    String section = text.substring(start, end < 0 ? text.length() : end);
    Matcher block = Pattern.compile("(?s)```java\n(.*?)\n```").matcher(section);
    assertThat(block.find())
        .as("a ```java block under '## Quick start' in %s", readme)
        .isTrue();
    return block.group(1);
  }

  private void compile(String className, String source) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK's compiler (the tests run on a JRE?)").isNotNull();
    Path file = dir.resolve("src").resolve(className + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source, StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("classes"));

    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter output = new StringWriter();
    boolean ok;
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = List.of(
          "-d",
          dir.resolve("classes").toString(),
          "-classpath",
          testClassPath(),
          "-proc:none",
          "-encoding",
          "UTF-8");
      ok = javac
          .getTask(
              output,
              files,
              diagnostics,
              options,
              null,
              files.getJavaFileObjectsFromPaths(List.of(file)))
          .call();
    }
    if (!ok) {
      StringBuilder report = new StringBuilder("the README's Quick start does not compile:\n");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        report.append(String.format(
            Locale.ROOT,
            "  line %d: %s: %s%n",
            d.getLineNumber(),
            d.getKind(),
            d.getMessage(Locale.ROOT)));
      }
      report.append(output).append("\n--- the block, numbered ---\n");
      String[] lines = source.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        report.append(String.format(Locale.ROOT, "%3d  %s%n", i + 1, lines[i]));
      }
      fail(report.toString());
    }
  }

  /** Runs {@code className.main(new String[0])} and returns what it printed to System.out. */
  private String runMain(String className) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    URL[] urls = {dir.resolve("classes").toUri().toURL()};
    try (URLClassLoader loader = new URLClassLoader(urls, getClass().getClassLoader());
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      Method main = loader.loadClass(className).getMethod("main", String[].class);
      System.setOut(capture);
      try {
        main.invoke(null, (Object) new String[0]);
      } catch (InvocationTargetException e) {
        throw new AssertionError(
            "the Quick start's main threw; it printed:\n" + bytes.toString(StandardCharsets.UTF_8),
            e.getCause());
      } finally {
        System.setOut(original);
      }
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    original.println(out); // kept in the test's report
    return out;
  }

  /** The classpath the tests run with: Surefire's when set, else the JVM's. */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String cp =
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    List<String> entries = new ArrayList<>();
    for (String e : cp.split(File.pathSeparator)) {
      if (!e.isBlank()) {
        entries.add(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
