// Benchstat-like statistics for the pgo-effect benchmark: the median of each build's runs, its
// spread, and a two-sided Mann-Whitney U test of a build against the baseline (benchstat's test).

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The farthest run from the median, as a fraction of the median (benchstat's "± x%" is of this kind). */
export function spread(xs) {
  const m = median(xs);
  return Math.max(...xs.map((x) => Math.abs(x - m))) / m;
}

/** Ranks 1..n with ties given their average rank. */
function ranks(values) {
  const order = values.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
  const out = new Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 erf; ample for a p-value). */
function normalCdf(z) {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * Two-sided p-value of the Mann-Whitney U test that xs and ys come from the same distribution:
 * exact (all splits of the pooled ranks) for small samples without ties, else the normal
 * approximation with tie correction and continuity correction.
 */
export function mannWhitneyP(xs, ys) {
  const n1 = xs.length;
  const n2 = ys.length;
  const r = ranks([...xs, ...ys]);
  const r1 = r.slice(0, n1).reduce((s, v) => s + v, 0);
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const ties = new Set(r).size !== r.length;
  if (!ties && n1 + n2 <= 24) return exactP(u, n1, n2);
  const n = n1 + n2;
  const counts = new Map();
  for (const v of r) counts.set(v, (counts.get(v) ?? 0) + 1);
  const tieTerm = [...counts.values()].reduce((s, t) => s + (t ** 3 - t), 0) / (n * (n - 1));
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm));
  if (sigma === 0) return 1;
  const z = (Math.abs(u - (n1 * n2) / 2) - 0.5) / sigma;
  return Math.min(1, 2 * (1 - normalCdf(Math.max(0, z))));
}

/** Exact two-sided p of U: the share of rank splits whose U is at least as far from the mean. */
function exactP(u, n1, n2) {
  // counts[k][s]: ways to choose k of the first m ranks with rank-sum offset s (U = sum - k(k+1)/2).
  const maxU = n1 * n2;
  let table = Array.from({ length: n1 + 1 }, () => new Float64Array(maxU + 1));
  table[0][0] = 1;
  for (let m = 1; m <= n1 + n2; m++) {
    const next = table.map((row) => Float64Array.from(row));
    for (let k = 1; k <= Math.min(m, n1); k++) {
      // choosing rank m as the k-th pick adds (m - k) to U
      const add = m - k;
      if (add > n2) continue;
      for (let s = 0; s + add <= maxU; s++) next[k][s + add] += table[k - 1][s];
    }
    table = next;
  }
  const dist = table[n1];
  const total = dist.reduce((s, v) => s + v, 0);
  const mean = maxU / 2;
  const far = Math.abs(u - mean);
  let tail = 0;
  for (let s = 0; s <= maxU; s++) if (Math.abs(s - mean) >= far - 1e-9) tail += dist[s];
  return Math.min(1, tail / total);
}
