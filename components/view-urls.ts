/** API URLs of a profile's views. The page preloads them and the viewer fetches them: keep them identical. */
export function viewUrls(id: string, sampleType: string) {
  const q = `?sampleType=${encodeURIComponent(sampleType)}`;
  return { flame: `/api/profiles/${id}/flamegraph${q}`, top: `/api/profiles/${id}/top${q}` };
}

/** API URL of a comparison. */
export function compareUrl(base: string, target: string, sampleType: string) {
  return `/api/profiles/compare?base=${encodeURIComponent(base)}&target=${encodeURIComponent(target)}&sampleType=${encodeURIComponent(sampleType)}`;
}
