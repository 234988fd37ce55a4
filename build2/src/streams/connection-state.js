export {};
//# sourceMappingURL=connection-state.js.map