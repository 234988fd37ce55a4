/**
 * A progress indication on stderr for steps that may take more than a second.
 * @module
 */
/**
 * Runs `work`; when it takes longer than `afterMs`, shows `label...` on stderr with a spinner (on a terminal)
 * or a single line (elsewhere), then how long it took.
 *
 * @example
 * ```ts
 * const daemon = await progress('starting a private containerd', () => startDaemon());
 * ```
 */
export async function progress(label, work, afterMs = 1_000) {
    const t0 = Date.now();
    const tty = process.stderr.isTTY === true;
    const frames = ['|', '/', '-', '\\'];
    let frame = 0;
    let shown = false;
    let spinner;
    const show = setTimeout(() => {
        shown = true;
        if (!tty) {
            process.stderr.write(`${label}...\n`);
            return;
        }
        spinner = setInterval(() => process.stderr.write(`\r${frames[frame++ % frames.length]} ${label}...`), 100);
    }, afterMs);
    try {
        return await work();
    }
    finally {
        clearTimeout(show);
        if (spinner)
            clearInterval(spinner);
        if (shown)
            process.stderr.write(`${tty ? '\r' : ''}${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    }
}
//# sourceMappingURL=progress.js.map