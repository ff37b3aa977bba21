#!/usr/bin/env bash
# Side-by-side SMTP benchmark: Postfix relay, the loopback limit, and DirectMail when its load
# driver is given (--ours CMD or DIRECTMAIL_BENCH_DRIVER). Needs root. See benchmarks/README.md.
#   sudo benchmarks/bench.sh                    # 20,000 messages per run, 3 runs, ~15 minutes
#   sudo benchmarks/bench.sh --messages 2000    # quick look
set -euo pipefail
exec /usr/bin/python3 "$(dirname "$(readlink -f "$0")")/peers/bench.py" "$@"
