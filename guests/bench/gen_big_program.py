#!/usr/bin/env python3
"""Writes a large C program (about 1 MB of wasm at -O2) for start-up and compile-throughput figures.

    python3 gen_big_program.py [functions] > big_program.c

Deterministic (fixed seed). Functions mix what real programs have: switch-based state machines,
loops over arrays, string scanning, floating point and calls through a function table; main calls
only a few of them and prints a checksum, so a run measures loading and compiling, not computing.
"""
import random
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1250
rnd = random.Random(15)
out = []
w = out.append

w("#include <stdio.h>\n#include <stdint.h>\n#include <string.h>\n#include <math.h>\n")
w("typedef uint32_t (*fn_t)(uint32_t, const char *);\n")
w("static uint32_t table[256];\nstatic double dtab[64];\n")
for i in range(N):
    w(f"uint32_t f{i}(uint32_t x, const char *s);\n")


def state_machine(i):
    cases = []
    for c in range(rnd.randint(8, 16)):
        a, b, k = rnd.randint(1, 31), rnd.randint(1, 1 << 20), rnd.randint(0, 15)
        op = rnd.choice([f"x = (x << {a % 7 + 1}) ^ {b}u;", f"x += table[(x + {b}u) & 255];",
                         f"x = x * {b | 1}u + {a};", f"x ^= x >> {a % 13 + 1};"])
        cases.append(f"    case {c}: {op} st = {k}; break;")
    body = "\n".join(cases)
    return f"""  uint32_t st = x & 15;
  for (int r = 0; r < {rnd.randint(3, 9)}; r++) {{
    switch (st) {{
{body}
    default: st = (st + 1) & 15; x++;
    }}
  }}"""


def loop_array(i):
    n = rnd.randint(8, 40)
    return f"""  uint32_t acc[{n}];
  for (int j = 0; j < {n}; j++) acc[j] = x + j * {rnd.randint(3, 999)}u;
  for (int j = 1; j < {n}; j++) acc[j] ^= acc[j - 1] >> {rnd.randint(1, 9)};
  for (int j = 0; j < {n}; j += 2) x += acc[j] * {rnd.randint(3, 99)}u;"""


def strings(i):
    c1, c2 = rnd.choice("abcdefgh"), rnd.choice("ijklmnop")
    return f"""  for (const char *p = s; *p; p++) {{
    if (*p == '{c1}') x = x * 31 + {rnd.randint(1, 999)};
    else if (*p == '{c2}') x ^= (uint32_t)(p - s) << {rnd.randint(1, 20)};
    else x += (uint8_t)*p;
  }}
  x += (uint32_t)strlen(s) * {rnd.randint(2, 77)}u;"""


def floats(i):
    return f"""  double d = (double)(x & 1023) / {rnd.randint(2, 50)}.0 + dtab[x & 63];
  for (int j = 0; j < {rnd.randint(2, 6)}; j++) d = d * {rnd.uniform(0.5, 1.5):.4f} + sqrt(d + {rnd.randint(1, 9)}.0);
  x += (uint32_t)(d * {rnd.randint(10, 1000)});"""


kinds = [state_machine, loop_array, strings, floats]
for i in range(N):
    parts = [k(i) for k in rnd.sample(kinds, rnd.randint(2, 4))]
    callees = [rnd.randrange(N) for _ in range(2)]
    call = ""
    if i % 3 == 0:
        call = f"  if ((x & 7) == 3 && s[0]) x += ftab[(x >> 3) % {N}](x >> 1, s + 1);\n"
    w(f"uint32_t f{i}(uint32_t x, const char *s) {{\n  extern fn_t ftab[];\n" + "\n".join(parts) + "\n" + call + "  return x;\n}\n")

w(f"fn_t ftab[{N}] = {{" + ", ".join(f"f{i}" for i in range(N)) + "};\n")
w(f"""int main(int argc, char **argv) {{
  for (int i = 0; i < 256; i++) table[i] = (uint32_t)i * 2654435761u;
  for (int i = 0; i < 64; i++) dtab[i] = i * 0.25;
  const char *s = argc > 1 ? argv[1] : "hello, start-up";
  uint32_t x = 1;
  for (int i = 0; i < 8; i++) x = ftab[(x + (uint32_t)i * 977u) % {N}](x, s);
  printf("big_program: %u functions, checksum %u\\n", {N}u, x);
  return 0;
}}
""")
sys.stdout.write("".join(out))
