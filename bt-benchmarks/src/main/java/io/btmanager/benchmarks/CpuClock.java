package io.btmanager.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time used so far by this JVM and by one PostgreSQL server (its postmaster and every process
 * it started), in nanoseconds: what a timed phase cost the machine, beside what it cost in wall
 * time. The JVM's comes from its {@code OperatingSystemMXBean}; the server's from Linux's {@code
 * /proc}: each live process's on-CPU time ({@code schedstat}, in nanoseconds; PostgreSQL processes
 * have one thread) plus what the postmaster's ended children used ({@code stat}, in clock ticks,
 * taken as 100 a second). Where {@code /proc} cannot tell, the server's figure is -1.
 */
final class CpuClock {
  private static final long NANOS_PER_TICK = 10_000_000;

  private final ProcessHandle postmaster;

  /** @param serverProcess any process of the server, e.g. a backend's pid */
  CpuClock(long serverProcess) {
    this.postmaster =
        ProcessHandle.of(serverProcess).flatMap(ProcessHandle::parent).orElse(null);
  }

  /** This JVM's CPU time. */
  static long jvm() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The server's CPU time, or -1. */
  long server() {
    if (postmaster == null) {
      return -1;
    }
    Optional<long[]> self = stat(postmaster.pid());
    long own = onCpu(postmaster.pid());
    if (self.isEmpty() || own < 0) {
      return -1;
    }
    long total = own + (self.get()[2] + self.get()[3]) * NANOS_PER_TICK;
    for (ProcessHandle child : postmaster.children().toList()) {
      long t = onCpu(child.pid());
      if (t > 0) {
        total += t;
      }
    }
    return total;
  }

  /** {@code /proc/<pid>/schedstat}'s time on CPU, or -1 (gone, or no /proc). */
  private static long onCpu(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "schedstat"));
      return Long.parseLong(s.substring(0, s.indexOf(' ')));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** utime, stime, cutime and cstime of {@code /proc/<pid>/stat}, in ticks. */
  private static Optional<long[]> stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // fields 14-17 of proc(5), counted from "state" (field 3) here
      return Optional.of(new long[] {
        Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])
      });
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
