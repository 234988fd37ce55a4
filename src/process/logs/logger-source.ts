/**
 * The C source of `rxc-logger`, the shim logging binary behind a container's `log` option: compiled once per
 * machine into a cache (logger-binary.ts). Kept here, not as a .c file, so that the published package carries it
 * without a build step of its own.
 * @module
 */

/** The logger's source: C99 with POSIX, no library beyond libc. */
export const LOGGER_SOURCE = `/*
 * rxc-logger: a containerd shim logging binary (stdio URI binary:///path/rxc-logger?dir=D&max=N&keep=K).
 * The shim starts it with the process's stdout on fd 3, its stderr on fd 4 and a readiness pipe on fd 5, and
 * passes the URI's query as arguments in pairs, in any order. Every line becomes one record in the CRI log
 * format, "<RFC 3339 time, ns> <stdout|stderr> <F|P> <text>", in D/output.log; a line longer than a chunk is
 * split into P records closed by an F one. The file is rotated before it would pass N bytes, Docker's way
 * (output.log.1 is the newest), keeping K files in all. D/logger.pid holds our pid while we run: a pid file
 * left behind means we were killed. SIGTERM (the shim's, at delete) drains what is readable, then exits.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define READ_SIZE 65536
#define OUT_SIZE (2 * READ_SIZE + 256)

static char path[4096], pidpath[4096];
static long long max_bytes = 10 << 20, size;
static long keep = 5, chunk = 16384;
static int out = -1;
static char obuf[OUT_SIZE];
static size_t olen;
static volatile sig_atomic_t terminated;

static void write_all(const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(out, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return; /* a full disk drops output: never block the container */
    }
    p += w;
    n -= (size_t)w;
  }
}

static void flush(void) {
  write_all(obuf, olen);
  size += (long long)olen;
  olen = 0;
}

static int open_current(void) {
  struct stat st;
  out = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (out < 0) return -1;
  size = fstat(out, &st) == 0 ? st.st_size : 0;
  return 0;
}

static void rotate(void) {
  char from[4200], to[4200];
  flush();
  close(out);
  if (keep <= 1) {
    unlink(path);
  } else {
    snprintf(to, sizeof to, "%s.%ld", path, keep - 1);
    unlink(to);
    for (long i = keep - 2; i >= 1; i--) {
      snprintf(from, sizeof from, "%s.%ld", path, i);
      snprintf(to, sizeof to, "%s.%ld", path, i + 1);
      rename(from, to);
    }
    snprintf(to, sizeof to, "%s.1", path);
    rename(path, to);
  }
  open_current();
}

static char stamp[40];

static void set_stamp(void) {
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(stamp + n, sizeof stamp - n, ".%09ldZ", ts.tv_nsec);
}

static void record(int stream, char tag, const char *text, size_t n) {
  const char *name = stream == 0 ? "stdout" : "stderr";
  size_t head = strlen(stamp) + strlen(name) + 4, len = head + n + 1;
  if (olen + len > OUT_SIZE) flush();
  if (size + (long long)olen > 0 && size + (long long)(olen + len) > max_bytes) rotate();
  olen += (size_t)sprintf(obuf + olen, "%s %s %c ", stamp, name, tag);
  memcpy(obuf + olen, text, n);
  olen += n;
  obuf[olen++] = '\\n';
}

static char *pend[2];
static size_t plen[2];

static void take(int stream, const char *p, size_t n) {
  while (n > 0) {
    const char *nl = memchr(p, '\\n', n);
    size_t line = nl ? (size_t)(nl - p) : n;
    if (plen[stream] + line >= (size_t)chunk || !nl) {
      size_t room = (size_t)chunk - plen[stream], part = line < room ? line : room;
      memcpy(pend[stream] + plen[stream], p, part);
      plen[stream] += part;
      p += part;
      n -= part;
      if (plen[stream] == (size_t)chunk) {
        record(stream, 'P', pend[stream], plen[stream]);
        plen[stream] = 0;
      }
      continue;
    }
    if (plen[stream] > 0) {
      memcpy(pend[stream] + plen[stream], p, line);
      record(stream, 'F', pend[stream], plen[stream] + line);
      plen[stream] = 0;
    } else {
      record(stream, 'F', p, line);
    }
    p += line + 1;
    n -= line + 1;
  }
}

static void on_term(int sig) { (void)sig; terminated = 1; }

int main(int argc, char **argv) {
  const char *dir = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "dir") == 0) dir = argv[i + 1];
    else if (strcmp(argv[i], "max") == 0) max_bytes = atoll(argv[i + 1]);
    else if (strcmp(argv[i], "keep") == 0) keep = atol(argv[i + 1]);
  }
  if (dir == NULL || max_bytes < 4096 || keep < 1) return 2; /* the client checks these before the daemon sees them */
  if (chunk > max_bytes / 4) chunk = max_bytes / 4;
  snprintf(path, sizeof path, "%s/output.log", dir);
  snprintf(pidpath, sizeof pidpath, "%s/logger.pid", dir);
  if (open_current() < 0) return 1;
  FILE *pf = fopen(pidpath, "we");
  if (pf) {
    fprintf(pf, "%ld\\n", (long)getpid());
    fclose(pf);
  }
  pend[0] = malloc((size_t)chunk);
  pend[1] = malloc((size_t)chunk);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: poll returns EINTR */
  signal(SIGPIPE, SIG_IGN);
  if (write(5, "r", 1) < 0) { /* the shim waits for this byte (or EOF) before it creates the process */ }
  close(5);

  static char buf[READ_SIZE];
  struct pollfd fds[2] = {{3, POLLIN, 0}, {4, POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    int r = poll(fds, 2, terminated ? 0 : -1);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break; /* terminated and nothing left to read */
    for (int s = 0; s < 2; s++) {
      if (fds[s].fd < 0 || fds[s].revents == 0) continue;
      ssize_t n = read(fds[s].fd, buf, sizeof buf);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      set_stamp();
      if (n <= 0) {
        if (plen[s] > 0) record(s, 'F', pend[s], plen[s]);
        plen[s] = 0;
        close(fds[s].fd);
        fds[s].fd = -1;
        open_fds--;
        continue;
      }
      take(s, buf, (size_t)n);
    }
    flush();
  }
  for (int s = 0; s < 2; s++) {
    if (plen[s] > 0) record(s, 'F', pend[s], plen[s]);
  }
  flush();
  unlink(pidpath);
  return 0;
}
`;
