package dev.wasix4j.split;

import java.nio.file.Files;
import java.nio.file.Path;

/** Development aid: wasm body size against Chicory's bytecode size, per function. */
class RatioMain {
    public static void main(String[] a) throws Exception {
        byte[] m = a[0].equals("gen") ? new BigFunctionGenerator(15).module(210_000) : Files.readAllBytes(Path.of(a[0]));
        int budget = Integer.parseInt(a[1]);
        var res = Splitter.split(m, new SplitOptions(budget));
        System.out.println(res.split().size() + " split, left alone " + res.leftAlone());
        var info = new ModuleInfo(res.module());
        var sizes = Chicory.methodSizesByName(Chicory.parse(res.module()));
        double maxRatio = 0;
        int maxCode = 0;
        String worst = "";
        for (int i = 0; i < info.definedFunctions(); i++) {
            int idx = info.importedFuncs + i;
            Integer code = sizes.get("func_" + idx);
            int wasm = info.bodies.get(i)[1] - info.bodies.get(i)[0];
            if (code == null || wasm < 200) {
                continue;
            }
            double ratio = (double) code / wasm;
            if (code > maxCode) {
                maxCode = code;
                worst = "func_" + idx + " wasm " + wasm + " code " + code + " ratio " + ratio;
            }
            maxRatio = Math.max(maxRatio, ratio);
            if (a.length > 2) {
                var fn = new Decoder(info).decode(i);
                int est = new Cost(fn.locals(), fn.paramCount(), Cost.used(fn.body())).function(fn.body());
                System.out.println("func_" + idx + " wasm " + wasm + " code " + code + String.format(" %.2f", ratio)
                        + " estimate " + est + String.format(" %.2f", (double) code / est));
            }
        }
        System.out.println("max ratio " + maxRatio + " largest " + worst);
    }
}
