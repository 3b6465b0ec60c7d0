// C wrappers over libedit's native API (histedit.h) for Swift.
//
// Swift cannot call C variadic functions (el_set, el_get, history), and passing stdin/stdout to el_init is a
// strict-concurrency error in Swift 6, so each call paysh needs has a fixed-signature wrapper here. The SIGINT
// helpers live here too: a signal handler must not run Swift code.
#ifndef PAYSH_CEDITLINE_SHIM_H
#define PAYSH_CEDITLINE_SHIM_H

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/// The type of a function bound to a key with paysh_el_addfn.
typedef unsigned char (*paysh_el_func_t)(EditLine *, int);
/// The type of a prompt function.
typedef char *(*paysh_el_prompt_t)(EditLine *);

/// el_init on the process's stdin, stdout and stderr.
static inline EditLine *paysh_el_init(const char *program) {
  return el_init(program, stdin, stdout, stderr);
}

/// EL_EDITOR: "emacs" or "vi".
static inline int paysh_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }

/// EL_SIGNAL: when non-zero, libedit restores the terminal on fatal signals and follows window resizes.
static inline int paysh_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }

/// EL_PROMPT_ESC: the prompt function, and the character that brackets invisible sequences in it.
static inline int paysh_el_set_prompt(EditLine *el, paysh_el_prompt_t fn, char escape) {
  return el_set(el, EL_PROMPT_ESC, fn, escape);
}

/// EL_CLIENTDATA: a pointer the callbacks can get back with paysh_el_clientdata.
static inline int paysh_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }

/// The pointer set with paysh_el_set_clientdata.
static inline void *paysh_el_clientdata(EditLine *el) {
  void *data = NULL;
  if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
  return data;
}

/// EL_HIST: edit with this (narrow) history.
static inline int paysh_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }

/// EL_ADDFN: a named editor function.
static inline int paysh_el_addfn(EditLine *el, const char *name, const char *help, paysh_el_func_t fn) {
  return el_set(el, EL_ADDFN, name, help, fn);
}

/// EL_BIND: bind a key sequence (e.g. "^I") to a named function.
static inline int paysh_el_bind(EditLine *el, const char *key, const char *function) {
  return el_set(el, EL_BIND, key, function, NULL);
}

/// EL_SETTY: change one terminal setting of the editing mode (`-d` for edit mode), e.g. "-isig".
static inline int paysh_el_setty(EditLine *el, const char *mode, const char *setting) {
  return el_set(el, EL_SETTY, mode, setting, NULL);
}

/// H_SETSIZE.
static inline int paysh_history_setsize(History *h, int size) {
  HistEvent event;
  return history(h, &event, H_SETSIZE, size);
}

/// H_SETUNIQUE: when non-zero, an entry equal to the previous one is not added.
static inline int paysh_history_setunique(History *h, int unique) {
  HistEvent event;
  return history(h, &event, H_SETUNIQUE, unique);
}

/// H_ENTER: add a line.
static inline int paysh_history_enter(History *h, const char *line) {
  HistEvent event;
  return history(h, &event, H_ENTER, line);
}

/// H_LOAD: read a file written by H_SAVE (libedit's own format).
static inline int paysh_history_load(History *h, const char *path) {
  HistEvent event;
  return history(h, &event, H_LOAD, path);
}

/// H_SAVE: write the history in libedit's own format.
static inline int paysh_history_save(History *h, const char *path) {
  HistEvent event;
  return history(h, &event, H_SAVE, path);
}

/// H_GETSIZE: the number of entries.
static inline int paysh_history_count(History *h) {
  HistEvent event;
  if (history(h, &event, H_GETSIZE) < 0) return 0;
  return event.num;
}

/// setlocale(LC_CTYPE, "") so libedit decodes multi-byte input; falls back to C.UTF-8 when the environment
/// names no UTF-8 locale. Returns 1 when the result is UTF-8.
static inline int paysh_use_utf8_ctype(void) {
  setlocale(LC_CTYPE, "");
  const char *codeset = nl_langinfo(CODESET);
  if (codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0)) return 1;
  if (setlocale(LC_CTYPE, "C.UTF-8") == NULL && setlocale(LC_CTYPE, "C.utf8") == NULL) return 0;
  return 1;
}

/// The number of columns of the terminal on `fd`, or 0 when unknown.
static inline int paysh_terminal_columns(int fd) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

/// The number of rows of the terminal on `fd`, or 0 when unknown.
static inline int paysh_terminal_rows(int fd) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_row;
}

/// Sets the size of the terminal on `fd` (a pseudo-terminal's master side, in tests); 0 on success.
static inline int paysh_set_terminal_size(int fd, int rows, int columns) {
  struct winsize size = {0};
  size.ws_row = (unsigned short)rows;
  size.ws_col = (unsigned short)columns;
  return ioctl(fd, TIOCSWINSZ, &size);
}

/// Where the self-pipe handler writes the number of each signal it catches; -1 when none is installed.
/// (Function-local statics: Swift emits the inline functions of this header, but not its file-level variables.)
static inline volatile int *paysh_signal_fd(void) {
  static volatile int fd = -1;
  return &fd;
}

/// The SIGINT handling that paysh_sigint_catch replaced.
static inline struct sigaction *paysh_sigint_previous(void) {
  static struct sigaction previous;
  return &previous;
}

/// The one handler: writes the signal's number to the pipe (the only safe thing a handler can do).
static inline void paysh_signal_handler(int signal_number) {
  int saved = errno;
  unsigned char byte = (unsigned char)signal_number;
  int fd = *paysh_signal_fd();
  if (fd >= 0) (void)!write(fd, &byte, 1);
  errno = saved;
}

/// Sends `signal_number` to `fd` through paysh_signal_handler; the handling it replaces goes to `previous`.
static inline int paysh_signal_catch(int signal_number, int fd, struct sigaction *previous) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = paysh_signal_handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  *paysh_signal_fd() = fd;
  return sigaction(signal_number, &action, previous);
}

/// Installs the SIGINT self-pipe handler (the shell's Ctrl-C during a command), keeping the previous one.
static inline int paysh_sigint_catch(int fd) { return paysh_signal_catch(SIGINT, fd, paysh_sigint_previous()); }

/// Puts back the SIGINT handling that paysh_sigint_catch replaced.
static inline int paysh_sigint_restore(void) {
  int result = sigaction(SIGINT, paysh_sigint_previous(), NULL);
  *paysh_signal_fd() = -1;
  return result;
}

/// Catches SIGINT, SIGTERM and SIGHUP for the rest of the process (a script run): each writes its number
/// to `fd`.
static inline void paysh_stop_signals_catch(int fd) {
  paysh_signal_catch(SIGINT, fd, NULL);
  paysh_signal_catch(SIGTERM, fd, NULL);
  paysh_signal_catch(SIGHUP, fd, NULL);
}

/// The terminal settings to put back if paysh is killed while it has changed them (the hidden secret prompt),
/// and the terminal they belong to (-1: none).
static inline struct termios *paysh_tty_saved(void) {
  static struct termios saved;
  return &saved;
}
static inline volatile int *paysh_tty_fd(void) {
  static volatile int fd = -1;
  return &fd;
}
static inline struct sigaction *paysh_tty_previous(int index) {
  static struct sigaction previous[3];
  return &previous[index];
}

/// SIGTERM, SIGHUP or SIGQUIT while the terminal is changed: put it back, then die of the signal as before.
static inline void paysh_tty_guard_handler(int signal_number) {
  int fd = *paysh_tty_fd();
  if (fd >= 0) (void)tcsetattr(fd, TCSAFLUSH, paysh_tty_saved());
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

/// From now until paysh_tty_unguard, a fatal SIGTERM, SIGHUP or SIGQUIT restores `saved` on `fd` first.
static inline void paysh_tty_guard(int fd, const struct termios *saved) {
  *paysh_tty_saved() = *saved;
  *paysh_tty_fd() = fd;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = paysh_tty_guard_handler;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, paysh_tty_previous(0));
  sigaction(SIGHUP, &action, paysh_tty_previous(1));
  sigaction(SIGQUIT, &action, paysh_tty_previous(2));
}

/// Puts back the handling paysh_tty_guard replaced.
static inline void paysh_tty_unguard(void) {
  sigaction(SIGTERM, paysh_tty_previous(0), NULL);
  sigaction(SIGHUP, paysh_tty_previous(1), NULL);
  sigaction(SIGQUIT, paysh_tty_previous(2), NULL);
  *paysh_tty_fd() = -1;
}

/// A new pseudo-terminal: its master side (close-on-exec), with the slave's path written to `name`; -1 on
/// failure. (The test suite drives paysh through it; Swift's Glibc module does not export posix_openpt.)
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern int ptsname_r(int fd, char *buffer, size_t size);
static inline int paysh_open_pseudo_terminal(char *name, size_t size) {
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) return -1;
  if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, size) != 0) {
    close(master);
    return -1;
  }
  return master;
}

/// pipe(2) with both ends close-on-exec.
extern int pipe2(int fds[2], int flags);
static inline int paysh_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

#endif
