// The consumer's service: checks each IOU a farmer sends against its own pricing of the usage
// the farmer serves it, countersigns or disputes, and shows its payment requests from the bridge.

export { ConsumerStore, type AnswerRow, type PaymentRow } from "./store.js";
export { answerIou, NoAnswer, type Answer, type CheckContext } from "./check.js";
export { consumerApp, type ConsumerServerOptions } from "./server.js";
