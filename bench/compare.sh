#!/usr/bin/env bash
# compare.sh - measure our GOST primitives and OpenSSL's gost engine on the same
# machine in the same sitting, and print the ratio table (our time / OpenSSL's).
#
#   bash bench/compare.sh            # 5 rounds, ~5 min on a 2-core VM
#   ROUNDS=7 bash bench/compare.sh   # more rounds, steadier medians
#   SECTIONS=crl bash bench/compare.sh   # only some sections (default: "gost crl checker")
#
# Each round runs the Go benchmarks once and ../shared/bench/run.sh once,
# interleaved so that both sides see the same machine state; the table quotes
# medians over the rounds. Needs the OpenSSL harness in ../shared/bench (it
# installs openssl, gcc and the gost engine itself when missing); the curves it
# does not cover are measured with its bench_verify.c, compiled here.
# Note: `openssl speed` divides by CPU time, Go benchmarks by wall time; run on
# a quiet machine.
#
# Sections: "gost" (Streebog and GOST R 34.10 verification against the
# harness) and "crl" (parsing a CRL of a million entries: whole-process time
# and peak memory of `openssl crl -noout` and of bench/crlbench, plus
# BenchmarkParseCRL/1M and BenchmarkCRLLookup; needs only openssl) and
# "checker" (the long-lived application.Checker per upload against one GOST
# verification, BenchmarkVerify/CryptoPro-A, measured in the same round:
# the ratios are taken per round, then their median; mchd.Parse against
# libxml2's parse + XSD validation of the same МЧД; Go only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HARNESS="${HARNESS:-$ROOT/../shared/bench/run.sh}"
ROUNDS="${ROUNDS:-5}"
BENCHTIME="${BENCHTIME:-1s}"
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/registrar-bench.XXXXXX")}"
SECTIONS="${SECTIONS:-gost crl checker}"
want() { [[ " $SECTIONS " == *" $1 "* ]]; }

if want gost; then
[[ -f "$HARNESS" ]] || { echo "OpenSSL harness not found at $HARNESS (set HARNESS=...)" >&2; exit 2; }
fi
mkdir -p "$OUT"
echo "# raw output in $OUT" >&2

# OpenSSL's harness measures five curves; the other parameter sets are measured
# here with the same in-process verifier (../shared/bench/bench_verify.c).
BENCHDIR="$(dirname "$HARNESS")"
if want gost; then
EXTRA=(  # label  algorithm  paramset  digest
    "CryptoPro-B    gost2012_256 B   md_gost12_256"
    "CryptoPro-C    gost2012_256 C   md_gost12_256"
    "CryptoPro-XchB gost2012_256 XB  md_gost12_256"
    "tc26-256-B     gost2012_256 TCB md_gost12_256"
    "tc26-256-C     gost2012_256 TCC md_gost12_256"
    "tc26-256-D     gost2012_256 TCD md_gost12_256"
    "tc26-512-B     gost2012_512 B   md_gost12_512"
)
bash "$BENCHDIR/gen-gost-cnf.sh" "$OUT/gost.cnf"
gcc -O2 -o "$OUT/bench_verify" "$BENCHDIR/bench_verify.c" -lcrypto
for line in "${EXTRA[@]}"; do
    read -r label alg ps md <<<"$line"
    OPENSSL_CONF="$OUT/gost.cnf" openssl genpkey -algorithm "$alg" -pkeyopt "paramset:$ps" -out "$OUT/$label.key" 2>/dev/null
    OPENSSL_CONF="$OUT/gost.cnf" openssl req -new -x509 -key "$OUT/$label.key" -subj "/CN=bench $label" -days 1 \
        "-$md" -out "$OUT/$label.crt" 2>/dev/null
done
fi
extra_openssl() { # round
    local line label alg ps md us
    for line in "${EXTRA[@]}"; do
        read -r label alg ps md <<<"$line"
        us="$(OPENSSL_CONF="$OUT/gost.cnf" "$OUT/bench_verify" "$OUT/$label.key" "$OUT/$label.crt" 1 |
            sed -n 's/.*verify\/s (\([0-9.]*\) us\/op).*/\1/p')"
        echo "$label - $us -"
    done
    # Wall-clock Streebog throughput (run.sh's figure divides by CPU time).
    for md in md_gost12_256 md_gost12_512; do
        OPENSSL_CONF="$OUT/gost.cnf" openssl speed -elapsed -evp "$md" -seconds 1 -bytes 16384 -mr 2>/dev/null |
            awk -F: -v md="$md" '/^\+F:/ { printf "elapsed %s: %.1f MB/s\n", md, $4 / 1e6 }'
    done
}

# --- Section "crl": a CRL of a million entries, whole process and in process.
# The same DER file (bench/crlbench gen, GOST-signed by a test CA) is read by
# `openssl crl -inform DER -noout -in FILE` and by `crlbench parse FILE`
# (certificate.ReadCRL); each round times both CRL_REPS times, interleaved,
# as whole processes (wall clock), and takes their peak RSS once.
CRL_ENTRIES="${CRL_ENTRIES:-1000000}"
CRL_REPS="${CRL_REPS:-3}"
CRL_FILE="$OUT/crl-$CRL_ENTRIES.der"

wall_ms() { # CMD...: wall-clock milliseconds of one run of CMD
    local t0 t1
    t0=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
    t1=$EPOCHREALTIME
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
}

peak_kb() { # CMD...: peak RSS in KB of one run of CMD (n/a without GNU time)
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1
    else
        echo n/a
    fi
}

crl_setup() {
    go build -o "$OUT/crlbench" ./bench/crlbench
    go test -c -o "$OUT/certificate.test" ./certificate
    "$OUT/crlbench" gen -n "$CRL_ENTRIES" "$CRL_FILE"
    cat "$CRL_FILE" >/dev/null # in the page cache for both sides
}

crl_round() { # round: "key value" lines on stdout, Go benchmarks to a file
    local k
    for ((k = 1; k <= CRL_REPS; k++)); do
        echo "ossl.crl.ms $(wall_ms openssl crl -inform DER -noout -in "$CRL_FILE")"
        echo "go.crl.ms $(wall_ms "$OUT/crlbench" parse "$CRL_FILE")"
    done
    echo "ossl.crl.rssKB $(peak_kb openssl crl -inform DER -noout -in "$CRL_FILE")"
    echo "go.crl.rssKB $(peak_kb "$OUT/crlbench" parse "$CRL_FILE")"
    { "$OUT/certificate.test" -test.run '^$' -test.bench '^BenchmarkParseCRL$/^1M$' -test.benchtime "$BENCHTIME" -test.benchmem
      "$OUT/certificate.test" -test.run '^$' -test.bench '^BenchmarkCRLLookup$' -test.benchtime "$BENCHTIME" -test.benchmem
    } >"$OUT/go-crl-$1.txt"
}

crl_pairs() { # round: "key value" pairs of the round's Go benchmarks
    cat "$OUT/crl-$1.txt"
    awk '/^Benchmark(ParseCRL\/1M|CRLLookup)/ { name=$1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name);
             for (f = 1; f <= NF; f++) { if ($f == "ns/op") print "go." name ".ns", $(f-1);
                                         if ($f == "MB/s") print "go." name ".MBps", $(f-1);
                                         if ($f == "allocs/op") print "go." name ".allocs", $(f-1) } }' "$OUT/go-crl-$1.txt"
}

crl_table() {
    local g o gr or size label="$CRL_ENTRIES"
    [[ "$CRL_ENTRIES" == 1000000 ]] && label=1M
    size="$(stat -c %s "$CRL_FILE")"
    g="$(median go.crl.ms)"; o="$(median ossl.crl.ms)"
    gr="$(median go.crl.rssKB)"; or="$(median ossl.crl.rssKB)"
    printf '| %-24s | %9s ms | %9s ms | %16s |  peak RSS %s MB (%s × the %s MB file), OpenSSL %s MB\n' \
        "parse CRL $label (process)" "$g" "$o" "$(ratio "$g" "$o")" \
        "$(awk -v k="$gr" 'BEGIN { if (k == "n/a") print k; else printf "%.1f", k * 1024 / 1e6 }')" \
        "$(ratio "$(awk -v k="$gr" 'BEGIN { if (k == "n/a") print k; else print k * 1024 }')" "$size")" \
        "$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')" \
        "$(awk -v k="$or" 'BEGIN { if (k == "n/a") print k; else printf "%.1f", k * 1024 / 1e6 }')"
    g="$(median go.ParseCRL/1M.ns)"
    printf '| %-24s | %9s ms | %12s | %16s |  %s MB/s, allocs %s (in process, from bytes)\n' \
        "BenchmarkParseCRL/1M" "$(awk -v n="$g" 'BEGIN { if (n == "n/a") print n; else printf "%.1f", n / 1e6 }')" "—" "—" \
        "$(median go.ParseCRL/1M.MBps)" "$(median go.ParseCRL/1M.allocs)"
    printf '| %-24s | %9s ns | %12s | %16s |  allocs %s (half the serials listed)\n' \
        "BenchmarkCRLLookup" "$(median go.CRLLookup.ns)" "—" "—" "$(median go.CRLLookup.allocs)"
}

# --- Section "checker": per-upload cost of the long-lived Checker.
checker_setup() {
    go test -c -o "$OUT/application.test" ./application
    go test -c -o "$OUT/mchd.test" ./mchd
    [[ -x "$OUT/gost3410.test" ]] || go test -c -o "$OUT/gost3410.test" ./internal/gost/gost3410
}

checker_round() { # round: Go benchmark output of the round on stdout
    "$OUT/gost3410.test" -test.run '^$' -test.bench '^BenchmarkVerify(Precomputed)?$/^CryptoPro-A$' -test.benchtime "$BENCHTIME" -test.benchmem
    "$OUT/application.test" -test.run '^$' -test.bench '^BenchmarkChecker(Parallel)?$' -test.benchtime "$BENCHTIME" -test.benchmem
    "$OUT/mchd.test" -test.run '^$' -test.bench '^Benchmark(Parse|SchemaValidate)$' -test.benchtime "$BENCHTIME" -test.benchmem
}

checker_pairs() { # round: "key value" pairs, ratios computed within the round
    awk '/^Benchmark/ { name=$1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name);
             for (f = 1; f <= NF; f++) { if ($f == "ns/op") ns[name] = $(f-1);
                                         if ($f == "allocs/op") al[name] = $(f-1) } }
         END { v = ns["Verify/CryptoPro-A"]
               for (n in ns) { print "ck." n ".us", ns[n] / 1000; print "ck." n ".allocs", al[n]
                               if (v > 0) print "ck." n ".xverify", ns[n] / v }
               s = ns["Checker/representative"]; q = ns["CheckerParallel/representative"]
               if (q > 0) print "ck.parallel.speedup", s / q
               if (ns["SchemaValidate"] > 0) print "ck.parse.xschema", ns["Parse"] / ns["SchemaValidate"] }' "$OUT/checker-$1.txt"
}

checker_table() {
    local n t
    echo
    printf '| %-40s | %10s | %8s | %14s | %s\n' "benchmark" "time" "allocs" "× verify" "target"
    printf '|%s|%s|%s|%s|%s|\n' "------------------------------------------" "------------" "----------" "----------------" "--------"
    for n in "Verify/CryptoPro-A:—" "VerifyPrecomputed/CryptoPro-A:— (a CA's key in a prepared trust)" "Checker/head:≤ 2.5 ×, ≤ 250 allocs" "Checker/representative:≤ 5 ×, ≤ 600 allocs" \
             "Checker/managing:—" "CheckerParallel/representative:—" "Parse:—" "SchemaValidate:—"; do
        t="${n#*:}"; n="${n%%:*}"
        printf '| %-40s | %7s µs | %8s | %14s | %s\n' "$n" \
            "$(awk -v t="$(median "ck.$n.us")" 'BEGIN { if (t == "n/a") print t; else printf "%.1f", t }')" "$(median "ck.$n.allocs")" \
            "$(awk -v r="$(median "ck.$n.xverify")" 'BEGIN { if (r == "n/a") print r; else printf "%.2f", r }')" "$t"
    done
    printf '| %-40s | %10s | %8s | %14s | %s\n' "parallel throughput / serial (nproc=$(nproc))" \
        "$(awk -v r="$(median ck.parallel.speedup)" 'BEGIN { if (r == "n/a") print r; else printf "%.2f", r }')" "" "" "≥ 1.7 on 2 cores"
    printf '| %-40s | %10s | %8s | %14s | %s\n' "mchd Parse / SchemaValidate" \
        "$(awk -v r="$(median ck.parse.xschema)" 'BEGIN { if (r == "n/a") print r; else printf "%.2f", r }')" "" "" "≤ 1.5"
}

cd "$ROOT"
if want gost; then
go test -c -o "$OUT/streebog.test" ./internal/gost/streebog
go test -c -o "$OUT/gost3410.test" ./internal/gost/gost3410
fi
if want crl; then crl_setup; fi
if want checker; then checker_setup; fi

for ((i = 1; i <= ROUNDS; i++)); do
    echo "# round $i/$ROUNDS" >&2
    if want gost; then
    "$OUT/streebog.test" -test.run '^$' -test.bench 'Streebog' -test.benchtime "$BENCHTIME" -test.benchmem >"$OUT/go-streebog-$i.txt"
    "$OUT/gost3410.test" -test.run '^$' -test.bench '^BenchmarkVerify$' -test.benchtime "$BENCHTIME" -test.benchmem >"$OUT/go-verify-$i.txt"
    bash "$HARNESS" >"$OUT/openssl-$i.txt"
    extra_openssl "$i" >>"$OUT/openssl-$i.txt"
    fi
    if want crl; then crl_round "$i" >"$OUT/crl-$i.txt"; fi
    if want checker; then checker_round "$i" >"$OUT/checker-$i.txt"; fi
done

# Emit "key value" pairs per round, then take medians per key.
{
    for ((i = 1; i <= ROUNDS; i++)); do
        if want crl; then crl_pairs "$i"; fi
        if want checker; then checker_pairs "$i"; fi
        want gost || continue
        awk '/^BenchmarkStreebog(256|512)/ { name=$1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name);
                 for (f = 1; f <= NF; f++) if ($f == "MB/s") print "go." name ".MBps", $(f-1) }' "$OUT/go-streebog-$i.txt"
        awk '/^BenchmarkVerify\// { name=$1; sub(/-[0-9]+$/, "", name); sub(/^BenchmarkVerify\//, "", name);
                 for (f = 1; f <= NF; f++) { if ($f == "ns/op") print "go." name ".us", $(f-1) / 1000;
                                             if ($f == "allocs/op") print "go." name ".allocs", $(f-1) } }' "$OUT/go-verify-$i.txt"
        awk '/^(CryptoPro|tc26)/ && NF >= 4 { print "ossl." $1 ".us", $3 }
             /^elapsed md_gost12_256:/ { print "ossl.Streebog256.MBps", $3 }
             /^elapsed md_gost12_512:/ { print "ossl.Streebog512.MBps", $3 }
             /^  md_gost12_256:/ { print "osslcpu.Streebog256.MBps", $2 }
             /^  md_gost12_512:/ { print "osslcpu.Streebog512.MBps", $2 }' "$OUT/openssl-$i.txt"
    done
} >"$OUT/pairs.txt"

median() { # median KEY
    awk -v k="$1" '$1 == k { print $2 }' "$OUT/pairs.txt" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit }
               if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }

host="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)"
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ), ${host:-unknown CPU}, nproc=$(nproc), $ROUNDS rounds, medians"
echo
if want gost || want crl; then
printf '| %-24s | %12s | %12s | %16s |\n' "operation" "registrar" "OpenSSL" "ratio (time)"
printf '|%s|%s|%s|%s|\n' "--------------------------" "--------------" "--------------" "------------------"
fi
if want gost; then
for h in Streebog256 Streebog512; do
    g="$(median "go.$h.MBps")"; o="$(median "ossl.$h.MBps")"
    # time ratio = OpenSSL MB/s / our MB/s
    c="$(median "osslcpu.$h.MBps")"
    printf '| %-24s | %7s MB/s | %7s MB/s | %16s |  (OpenSSL by CPU time: %s MB/s, ratio %s)\n' \
        "$h (1 MiB)" "$g" "$o" "$(ratio "$o" "$g")" "$c" "$(ratio "$c" "$g")"
done
for c in CryptoPro-A CryptoPro-B CryptoPro-C CryptoPro-XchA CryptoPro-XchB \
         tc26-256-A tc26-256-B tc26-256-C tc26-256-D tc26-512-A tc26-512-B tc26-512-C; do
    g="$(median "go.$c.us")"; o="$(median "ossl.$c.us")"
    allocs="$(median "go.$c.allocs")"
    printf '| %-24s | %9s µs | %9s µs | %16s |  allocs %s\n' "verify $c" "$g" "$o" "$(ratio "$g" "$o")" "$allocs"
done
fi
if want crl; then crl_table; fi
if want checker; then checker_table; fi
