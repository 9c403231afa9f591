/*
 * PDF text by pdftotext, an Outlook message by msgconvert, each in a
 * child process. poppler parses the PDF, Email::Outlook::Message the
 * message, not us and not in our process: a crafted file that crashes
 * or hangs the parser costs that child, which runs with nothing of ours
 * (no open descriptor but its input and output, an empty environment)
 * and under limits (CPU seconds, address space, no file written, no
 * core dump), and is killed at the wall-clock limit or when it has
 * written all the output we take.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "pdftext.h"

#define MEMORY_LIMIT (1024ul * 1024 * 1024)	/* the child's address space */

int
pdftext_magic(const void *data, size_t len)
{
	return memmem(data, len < 1024 ? len : 1024, "%PDF-", 5) != NULL;
}

int
msgtext_magic(const void *data, size_t len)
{
	return len >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
	    8) == 0;
}

static void
limit(int resource, rlim_t value)
{
	struct rlimit r = { value, value };

	setrlimit(resource, &r);
}

/* In the child: the input on 0, the output to 1, /dev/null for 2,
 * nothing else; then the program. Never returns. */
static void
child(const char *program, const char *const argv[], int in, int out,
    int seconds)
{
	static const char *const env[] = { "PATH=/usr/bin:/bin",
	    "LC_ALL=C.UTF-8", NULL };
	int null = open("/dev/null", O_RDWR);
	struct sigaction sa;

	if (null < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(null, 2) < 0)
		_exit(126);
	closefrom(3);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGPIPE, &sa, NULL);
	limit(RLIMIT_CPU, (rlim_t)seconds);
	limit(RLIMIT_AS, MEMORY_LIMIT);
	limit(RLIMIT_FSIZE, 0);
	limit(RLIMIT_CORE, 0);
	execve(program, (char *const *)argv, (char *const *)env);
	_exit(127);
}

static long
ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

/* A file in memory holding data[0..len), at its start: input a program
 * may seek in (an OLE2 file is read out of order). -1 on failure. */
static int
memory_file(const void *data, size_t len)
{
	size_t done = 0;
	ssize_t n;
	int fd = memfd_create("mailgw-input", MFD_CLOEXEC);

	while (fd >= 0 && done < len) {
		n = write(fd, (const char *)data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (fd >= 0 && lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Run program with argv, data[0..len) on its standard input (a socket
 * it reads from, or with seekable a file in memory), its output appended
 * to out, no more than max bytes; see pdftext for the rest. unreadable:
 * *why when it exits with a failure.
 */
static int
filter(const char *program, const char *const argv[], const void *data,
    size_t len, int seekable, size_t max, int seconds, struct buf *out,
    const char *unreadable, const char **why)
{
	int in[2] = { -1, -1 }, text[2] = { -1, -1 }, status, cut = 0;
	size_t sent = 0, start = out->len, got = 0;
	struct timespec deadline;
	struct pollfd p[2];
	char chunk[65536];
	const char *nl;
	ssize_t n;
	pid_t pid;

	*why = NULL;
	if (access(program, X_OK) < 0) {
		*why = "is not installed";
		return -1;
	}
	/* A socket for its input (send(MSG_NOSIGNAL) when it stops
	 * reading, no SIGPIPE), or a file in memory. */
	if ((seekable ? (in[1] = memory_file(data, len)) < 0 :
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0) ||
	    pipe2(text, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		*why = "could not be started";
		goto fail;
	}
	if (pid == 0)
		child(program, argv, in[1], text[1], seconds);
	close(in[1]);
	close(text[1]);
	in[1] = text[1] = -1;
	if (in[0] >= 0)
		fcntl(in[0], F_SETFL, O_NONBLOCK);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	for (;;) {
		long left = ms_left(&deadline);
		int k = 0;

		if (left <= 0) {
			cut = 2;	/* out of time */
			break;
		}
		if (in[0] >= 0) {
			p[k].fd = in[0];
			p[k++].events = POLLOUT;
		}
		p[k].fd = text[0];
		p[k++].events = POLLIN;
		if (poll(p, (nfds_t)k, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			cut = 2;
			break;
		}
		if (in[0] >= 0 && p[0].revents) {
			n = send(in[0], (const char *)data + sent, len - sent,
			    MSG_NOSIGNAL);
			if (n > 0)
				sent += (size_t)n;
			if ((n < 0 && errno != EAGAIN) || sent == len) {
				close(in[0]);	/* its end of input */
				in[0] = -1;
			}
		}
		if (p[k - 1].revents == 0)
			continue;
		n = read(text[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;		/* it has written all */
		if (got + (size_t)n > max) {
			n = (ssize_t)(max - got);
			cut = 1;
		}
		buf_add(out, chunk, (size_t)n);
		got += (size_t)n;
		if (cut)
			break;
	}
	/* Its output closed, it should end: it is given what is left of
	 * its time, then killed. */
	while (!cut && waitpid(pid, &status, WNOHANG) == 0) {
		struct timespec tick = { 0, 10 * 1000 * 1000 };

		if (ms_left(&deadline) <= 0)
			cut = 2;
		else
			nanosleep(&tick, NULL);
	}
	if (cut) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (in[0] >= 0)
		close(in[0]);
	close(text[0]);
	if (cut) {
		/* to the last whole line: a cut one could end in half an
		 * address */
		nl = got ? memrchr(out->data + start, '\n', got) : NULL;
		buf_truncate(out, nl ? (size_t)(nl - out->data) + 1 : start);
		if (out->len > start)
			return 1;
		*why = cut == 2 ? "took too long" : "wrote no whole line";
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	buf_truncate(out, start);
	*why = WIFEXITED(status) && WEXITSTATUS(status) == 127 ?
	    "could not be run" : WIFEXITED(status) ? unreadable :
	    "was stopped at its limits";
	return -1;
fail:
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	if (text[0] >= 0) {
		close(text[0]);
		close(text[1]);
	}
	return -1;
}

int
pdftext(const char *program, const void *pdf, size_t len, size_t max,
    int seconds, struct buf *out, const char **why)
{
	static const char *const argv[] = { "pdftotext", "-q", "-enc",
	    "UTF-8", "-eol", "unix", "-", "-", NULL };

	return filter(program, argv, pdf, len, 0, max, seconds, out,
	    "could not read it (broken, encrypted or no PDF)", why);
}

int
msgtext(const char *program, const void *msg, size_t len, size_t max,
    int seconds, struct buf *out, const char **why)
{
	/* /dev/stdin: a file in memory, which OLE::Storage_Lite seeks in */
	static const char *const argv[] = { "msgconvert", "--outfile", "-",
	    "/dev/stdin", NULL };

	return filter(program, argv, msg, len, 1, max, seconds, out,
	    "could not read it (broken, or no Outlook message)", why);
}
