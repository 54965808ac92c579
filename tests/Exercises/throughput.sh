#!/usr/bin/env bash
# Throughput benchmark (not a timed test): grade 100 submissions — solutions, untouched stubs and wrong ones mixed —
# with the public and hidden checks, and print the wall time. Results: docs/grading.md ("Throughput").
#   bash tests/Exercises/throughput.sh [jobs]
set -euo pipefail
cd "$(dirname "$0")/../.."
jobs="${1:-2}"
work="$(mktemp -d)"; mkdir -p "$work/subs"; trap 'rm -rf "$work"' EXIT
mutations=(
  's|1f / MathF.Sqrt(dK)|1f / dK|'                                   # scale by Dk, not √Dk
  's|return (float)(sum / values.Length);|return (float)(sum / (values.Length - 1));|'   # N − 1
  's|if (mask\[i, j\]) max = MathF.Max(max, scores\[i, j\]);|max = MathF.Max(max, scores[i, j]);|'   # max over blocked keys too
  's|for (int s = 0; s <= t; s++)|for (int s = 0; s < t; s++)|'      # off-by-one causal mask
  's|output\[d\] += weights\[j\] \* values\[j, d\];|output[d] += values[j, d];|'   # ignores the weights
)
for i in $(seq -w 1 100); do
  dir="$work/subs/learner-$i"; n=$((10#$i))
  if (( n % 3 == 0 )); then cp -r exercises "$dir"
  else
    cp -r solutions "$dir"
    if (( n % 3 == 1 )); then m="${mutations[$(( n % ${#mutations[@]} ))]}"; sed -i "$m" "$dir"/Chapter0*.cs; fi
  fi
  rm -rf "$dir/bin" "$dir/obj"
done
[ -f lib/Curriculum.Cli/bin/Release/net10.0/curriculum.dll ] || dotnet build lib/Curriculum.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
start=$(date +%s.%N)
dotnet lib/Curriculum.Cli/bin/Release/net10.0/curriculum.dll grade "$work/subs" --out "$work/out" --jobs "$jobs" | tail -2
end=$(date +%s.%N)
awk -F, 'NR>1 && $2=="TOTAL" {n++; s+=$3} END {printf "submissions: %d, mean total %.1f points\n", n, s/n}' "$work/out/gradebook.csv"
printf 'wall: %.1f s for 100 submissions (%s jobs, %s cores)\n' "$(echo "$end - $start" | bc)" "$jobs" "$(nproc)"
