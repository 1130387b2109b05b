#!/usr/bin/env bash
# Puts the project's licence header (BSD 2-Clause, full text in LICENSE.txt) on top of every Java source
# file under the modules' src/ folders that lacks it. Idempotent; LicenseHeaderTest fails when a file lacks it.
# Usage: scripts/license-headers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
header='/*
 * Diffusion restoration for Fiji.
 * Copyright (c) 2026, Diffusion Fiji developers. All rights reserved.
 * SPDX-License-Identifier: BSD-2-Clause (see LICENSE.txt)
 */'
n=0
while IFS= read -r -d '' f; do
	if ! head -c 200 "$f" | grep -q 'SPDX-License-Identifier: BSD-2-Clause'; then
		tmp="$f.tmp"
		{ printf '%s\n' "$header"; cat "$f"; } > "$tmp" && mv "$tmp" "$f"
		n=$((n + 1))
	fi
done < <(find */src -name '*.java' -print0)
echo "license-headers: $n file(s) updated"
