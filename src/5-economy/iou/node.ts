// The Node-only door of the IOU module: checking many IOUs on worker threads (node:os,
// node:worker_threads). Browser code imports "./index.js", which never reaches this file.

export { PARALLEL_THRESHOLD, verifyOnThreads, verifyStreamOnThreads, verifyThreads } from "./verify-pool.js";
