// The environment variable of the Pay Bridge commands: ALLTRUST_VERIFY_THREADS=N caps the
// threads that check large submissions (1: none; default: the cores, at most 8).

export function threadsFromEnv(): number | undefined {
  const text = process.env.ALLTRUST_VERIFY_THREADS;
  return text && /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
}
