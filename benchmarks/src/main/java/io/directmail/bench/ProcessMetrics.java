package io.directmail.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/** CPU, heap and GC figures of this JVM, measured from the last {@link #reset()}. */
final class ProcessMetrics {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final AtomicLong afterGcPeak = new AtomicLong();
    private long cpuAtReset;
    private java.util.Map<String, Long> threadTicksAtReset = java.util.Map.of();
    private long gcCountAtReset;
    private long gcMillisAtReset;

    ProcessMetrics() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        GarbageCollectionNotificationInfo info =
                                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                        long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                                .mapToLong(MemoryUsage::getUsed).sum();
                        afterGcPeak.accumulateAndGet(used, Math::max);
                    }
                }, null, null);
            }
        }
    }

    /** Starts the measured window: CPU, GC counts and heap peaks count from now. */
    void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        afterGcPeak.set(0);
        cpuAtReset = os.getProcessCpuTime();
        threadTicksAtReset = threadTicks();
        gcCountAtReset = gcCount(0);
        gcMillisAtReset = gcMillis(0);
    }

    /** CPU time of the whole process (every thread) since {@link #reset()}. */
    double cpuSeconds() {
        return (os.getProcessCpuTime() - cpuAtReset) / 1e9;
    }

    /** CPU time of the whole process since it started, JVM start-up and warm-up included. */
    double processCpuSeconds() {
        return os.getProcessCpuTime() / 1e9;
    }

    /**
     * The sum of the heap pools' peak usage since {@link #reset()}: an upper bound of the peak
     * heap, since the pools (eden, survivor, old) need not peak at the same moment.
     */
    long heapPeakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The most heap still in use right after a collection, since {@link #reset()}: the live set's peak, roughly. */
    long heapAfterGcPeakBytes() {
        return afterGcPeak.get();
    }

    long gcCount() {
        return gcCount(gcCountAtReset);
    }

    long gcMillis() {
        return gcMillis(gcMillisAtReset);
    }

    private static long gcCount(long base) {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count - base;
    }

    private static long gcMillis(long base) {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis - base;
    }

    /**
     * CPU seconds since {@link #reset()} by kind of thread, from /proc/self/task: "java" (the
     * carrier threads that run the virtual threads, i.e. callers and delivery, and other Java
     * threads), "jit" (compiler threads), "gc" and "other" JVM threads. Threads that ended since
     * the reset are missing. Empty where there is no /proc.
     */
    java.util.Map<String, Double> cpuSecondsByThreadKind() {
        java.util.Map<String, Long> now = threadTicks();
        java.util.Map<String, Double> kinds = new java.util.TreeMap<>();
        now.forEach((thread, ticks) -> {
            long delta = ticks - threadTicksAtReset.getOrDefault(thread, 0L);
            String name = thread.substring(thread.indexOf(' ') + 1);
            String kind = name.contains("CompilerThre") ? "jit"
                    : name.startsWith("GC ") || name.startsWith("G1 ") ? "gc"
                    : name.startsWith("VM ") || name.equals("java") ? "other"
                    : "java";
            kinds.merge(kind, delta / 100.0, Double::sum);
        });
        return kinds;
    }

    /** utime + stime in clock ticks (USER_HZ, 100 on Linux) per "tid name" of every live thread. */
    private static java.util.Map<String, Long> threadTicks() {
        java.util.Map<String, Long> ticks = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] fields = stat.substring(close + 2).split(" ");
                    // fields[0] is field 3 (state); utime and stime are fields 14 and 15
                    ticks.put(task.getFileName() + " " + stat.substring(open + 1, close),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return java.util.Map.of();
        }
        return ticks;
    }

    /** The process's peak resident set (VmHWM in /proc/self/status), or -1 where there is no such file. */
    static long rssPeakBytes() {
        return procStatusKb("VmHWM:");
    }

    /** The process's current resident set (VmRSS), or -1. */
    static long rssBytes() {
        return procStatusKb("VmRSS:");
    }

    private static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
