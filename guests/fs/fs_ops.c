// POSIX file operations a program relies on, run inside the directory given as argv[1], so the
// same checks run on the in-memory tree and on a mounted host directory. One FAIL line per
// broken expectation; "fs ok" at the end.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>
#include "../wasix/wasix.h"

static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { failures++; printf("FAIL line %d: ", __LINE__); printf(__VA_ARGS__); printf(" (errno %d %s)\n", errno, strerror(errno)); } } while (0)

static char base[256];
static const char *at(const char *rel) {
    static char buf[4][512];
    static int i;
    i = (i + 1) % 4;
    snprintf(buf[i], sizeof buf[i], "%s/%s", base, rel);
    return buf[i];
}

static int write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int read_file(const char *path, char *out, size_t size) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, out, size - 1);
    close(fd);
    if (n < 0) return -1;
    out[n] = 0;
    return (int)n;
}

static int listed(const char *dir, const char *name, unsigned char *type) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int found = 0;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, name) == 0) {
            found = 1;
            if (type) *type = e->d_type;
        }
    }
    closedir(d);
    return found;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        printf("usage: fs_ops BASEDIR\n");
        return 2;
    }
    snprintf(base, sizeof base, "%s", argv[1]);
    char buf[256];
    struct stat st, st2;

    // create, stat, read back
    CHECK(write_file(at("a.txt"), "alpha\n") == 0, "create a.txt");
    CHECK(stat(at("a.txt"), &st) == 0 && st.st_size == 6 && S_ISREG(st.st_mode), "stat a.txt");
    CHECK(read_file(at("a.txt"), buf, sizeof buf) == 6 && strcmp(buf, "alpha\n") == 0, "read a.txt");
    CHECK(open(at("a.txt"), O_WRONLY | O_CREAT | O_EXCL, 0644) == -1 && errno == EEXIST, "O_EXCL on existing is EEXIST");

    // directories, listing with . and ..
    CHECK(mkdir(at("d1"), 0755) == 0, "mkdir d1");
    CHECK(mkdir(at("d1"), 0755) == -1 && errno == EEXIST, "mkdir existing is EEXIST");
    CHECK(mkdir(at("missing/child"), 0755) == -1 && errno == ENOENT, "mkdir under a missing parent is ENOENT");
    CHECK(mkdir(at("d2"), 0755) == 0, "mkdir d2");
    unsigned char type = 0;
    CHECK(listed(base, "a.txt", &type) && type == DT_REG, "a.txt listed as a regular file");
    CHECK(listed(base, "d1", &type) && type == DT_DIR, "d1 listed as a directory");
    CHECK(listed(at("d1"), ".", NULL) && listed(at("d1"), "..", NULL), ". and .. listed");

    // distinct inodes for same-named files in different directories
    CHECK(write_file(at("d1/same"), "one") == 0 && write_file(at("d2/same"), "two") == 0, "same-named files");
    CHECK(stat(at("d1/same"), &st) == 0 && stat(at("d2/same"), &st2) == 0 && st.st_ino != st2.st_ino, "distinct inodes %llu %llu",
          (unsigned long long)st.st_ino, (unsigned long long)st2.st_ino);

    // rename across directories, then remove
    CHECK(rename(at("d1/same"), at("d2/moved")) == 0, "rename across directories");
    CHECK(access(at("d1/same"), F_OK) == -1 && errno == ENOENT, "old name gone");
    CHECK(read_file(at("d2/moved"), buf, sizeof buf) == 3 && strcmp(buf, "one") == 0, "content moved");
    CHECK(rmdir(at("d2")) == -1 && errno == ENOTEMPTY, "rmdir non-empty is ENOTEMPTY");
    CHECK(unlink(at("d2")) == -1 && (errno == EISDIR || errno == EPERM), "unlink a directory is EISDIR");
    CHECK(unlink(at("d2/moved")) == 0 && unlink(at("d2/same")) == 0 && rmdir(at("d2")) == 0, "remove files and dir");
    CHECK(access(at("d2"), F_OK) == -1 && errno == ENOENT, "d2 gone");

    // ./ and .. paths
    CHECK(read_file(at("./a.txt"), buf, sizeof buf) == 6, "./a.txt");
    CHECK(read_file(at("d1/../a.txt"), buf, sizeof buf) == 6, "d1/../a.txt");
    CHECK(read_file(at("d1/./../d1/../a.txt"), buf, sizeof buf) == 6, "mixed . and ..");

    // a file used as a directory
    CHECK(open(at("a.txt/child"), O_RDONLY) == -1 && errno == ENOTDIR, "open(file/child) is ENOTDIR");
    CHECK(open(at("a.txt"), O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR, "O_DIRECTORY on a file is ENOTDIR");
    CHECK(open(at("d1"), O_WRONLY) == -1 && errno == EISDIR, "opening a directory for writing is EISDIR");

    // pwrite then size, sparse extension, truncation
    int fd = open(at("p.bin"), O_RDWR | O_CREAT, 0644);
    CHECK(fd >= 0, "open p.bin");
    CHECK(pwrite(fd, "xyz", 3, 100) == 3, "pwrite at 100");
    CHECK(fstat(fd, &st) == 0 && st.st_size == 103, "size after pwrite is 103: %lld", (long long)st.st_size);
    CHECK(pread(fd, buf, 4, 98) == 4 && buf[0] == 0 && buf[1] == 0 && buf[2] == 'x', "sparse bytes read as zero");
    CHECK(lseek(fd, 0, SEEK_CUR) == 0, "pwrite/pread leave the offset");
    CHECK(lseek(fd, -3, SEEK_END) == 100, "seek from end");
    CHECK(ftruncate(fd, 10) == 0 && fstat(fd, &st) == 0 && st.st_size == 10, "ftruncate");
    CHECK(lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL, "negative seek is EINVAL");
    close(fd);

    // append mode
    fd = open(at("log"), O_WRONLY | O_CREAT | O_APPEND, 0644);
    CHECK(fd >= 0 && write(fd, "1", 1) == 1 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, "2", 1) == 1, "append writes");
    close(fd);
    CHECK(read_file(at("log"), buf, sizeof buf) == 2 && strcmp(buf, "12") == 0, "append mode ignores the offset: %s", buf);

    // symlinks: open through, read, write, readlink, lstat
    CHECK(symlink("a.txt", at("link")) == 0, "symlink");
    CHECK(read_file(at("link"), buf, sizeof buf) == 6, "read through symlink");
    CHECK(write_file(at("link"), "via link\n") == 0, "write through symlink");
    CHECK(read_file(at("a.txt"), buf, sizeof buf) == 9 && strcmp(buf, "via link\n") == 0, "target changed: %s", buf);
    ssize_t n = readlink(at("link"), buf, sizeof buf);
    CHECK(n == 5 && memcmp(buf, "a.txt", 5) == 0, "readlink");
    CHECK(lstat(at("link"), &st) == 0 && S_ISLNK(st.st_mode), "lstat sees the link");
    CHECK(symlink("loop2", at("loop1")) == 0 && symlink("loop1", at("loop2")) == 0, "symlink loop");
    CHECK(open(at("loop1"), O_RDONLY) == -1 && errno == ELOOP, "a symlink loop is ELOOP");
    CHECK(open(at("link"), O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP, "O_NOFOLLOW on a link is ELOOP");

    // hard links
    CHECK(link(at("a.txt"), at("hard")) == 0, "link");
    CHECK(stat(at("a.txt"), &st) == 0 && st.st_nlink == 2, "nlink 2: %llu", (unsigned long long)st.st_nlink);
    CHECK(stat(at("hard"), &st2) == 0 && st.st_ino == st2.st_ino, "same inode");

    // chdir then fstatat-style relative access, and the WASIX cwd calls
    CHECK(chdir(at("d1")) == 0, "chdir d1");
    CHECK(write_file("rel.txt", "rel") == 0, "relative create after chdir");
    CHECK(stat(at("d1/rel.txt"), &st) == 0 && st.st_size == 3, "relative file landed in d1");
    CHECK(chdir(at("a.txt")) == -1 && errno == ENOTDIR, "chdir to a file is ENOTDIR");
    char cwd[256];
    uint32_t len = sizeof cwd;
    CHECK(wasix_chdir(at("d1"), strlen(at("d1"))) == 0, "wasix chdir");
    CHECK(wasix_getcwd(cwd, &len) == 0 && strcmp(cwd, at("d1")) == 0, "wasix getcwd: %s", cwd);
    len = 2;
    CHECK(wasix_getcwd(cwd, &len) == __WASI_ERRNO_RANGE && len == strlen(at("d1")) + 1, "short getcwd buffer is ERANGE with the size, NUL included");
    CHECK(wasix_chdir("/no/such/dir", 12) == __WASI_ERRNO_NOENT, "wasix chdir to a missing dir is ENOENT");

    // utimes
    struct timespec times[2] = {{1000, 0}, {2000, 500}};
    CHECK(utimensat(AT_FDCWD, at("a.txt"), times, 0) == 0 && stat(at("a.txt"), &st) == 0 && st.st_mtim.tv_sec == 2000,
          "utimensat sets mtime");

    // closing the preopen keeps path resolution working, as libc resolves through its cached preopens
    CHECK(close(3) == 0, "close the / preopen");
    CHECK(read_file(at("a.txt"), buf, sizeof buf) == 9, "open after closing the preopen");

    printf("%s\n", failures ? "FAILED" : "fs ok");
    return failures ? 1 : 0;
}
