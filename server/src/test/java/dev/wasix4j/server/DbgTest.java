package dev.wasix4j.server;
import org.junit.jupiter.api.Test;
import dev.wasix4j.core.*;
import dev.wasix4j.core.testing.Guests;
import java.io.*;
class DbgTest {
  @Test void t() throws Exception {
    var prog = WasixProgram.load(Guests.path("cgi/hello.wasm"), Engine.COMPILED);
    var pool = new MemoryPool(64);
    for (int round = 0; round < 6; round++) {
      int n = 3000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        var out = new ByteArrayOutputStream();
        prog.run(ProcessOptions.builder().args(java.util.List.of("hello")).env("PATH_INFO","/x").stdout(out).maxMemoryPages(4096).build());
      }
      System.out.println("per run us: " + (System.nanoTime() - t0) / 1000 / n);
      t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        var out = new ByteArrayOutputStream();
        prog.run(ProcessOptions.builder().args(java.util.List.of("hello")).env("PATH_INFO","/x").stdout(out).maxMemoryPages(4096).memoryProvider(pool).build());
        if (i == 0 && round == 0) System.out.println(out);
      }
      System.out.println("pooled per run us: " + (System.nanoTime() - t0) / 1000 / n + " created " + pool.created());
      t0 = System.nanoTime();
      var threads = new java.util.ArrayList<Thread>();
      for (int i = 0; i < n; i++) {
        threads.add(Thread.ofVirtual().start(() -> {
        var out = new ByteArrayOutputStream();
        prog.run(ProcessOptions.builder().args(java.util.List.of("hello")).env("PATH_INFO","/x").stdout(out).maxMemoryPages(4096).memoryProvider(pool).build());
        }));
        if (threads.size() >= 64) { for (var t : threads) t.join(); threads.clear(); }
      }
      for (var t : threads) t.join();
      System.out.println("pooled concurrent 64 per run us: " + (System.nanoTime() - t0) / 1000 / n);
    }
  }
}
