export {};
//# sourceMappingURL=supervised-process.js.map