export * from "./nps.js";
