export {
  type CustomerId,
  customerIdSchema,
  type Order,
  orderSchema,
  type Subscription,
  subscriptionSchema,
} from "./records.js";
