/* test_mpi.c: the mpi variant (bin/<bench>-mpi under mpirun) gives serial's result exactly on
 * 1, 2 and 3 ranks, with static and master-worker schedules; its usage errors exit 2. Skipped,
 * with the reason, when Open MPI is not installed. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

/* Arrays, not pointers: Criterion copies parameters into each test's own process. */
struct case_mpi {
	char bench[16];
	char schedule[16];	/* "" for the bench's default */
	char chunk[8];		/* "" for the default, 1 */
	char tasks[8];		/* "" for the bench's default */
};

static struct case_mpi cases[] = {
	{ "pi", "", "", "" },
	{ "pi", "cyclic", "", "7" },
	{ "sum", "", "", "" },
	{ "overhead", "", "", "" },
	{ "latency", "", "", "" },
	{ "primes", "", "", "" },		/* irregular: master-worker by default */
	{ "primes", "dynamic", "3", "10" },	/* chunks that do not divide the tasks */
	{ "primes", "block", "", "" },
	{ "mandelbrot", "", "", "" },
	{ "mandelbrot", "dynamic", "5", "" },
	{ "sweep", "", "", "" },
	{ "sweep", "cyclic", "", "" },
	{ "sweep", "dynamic", "1", "2" },	/* fewer chunks than ranks at np 3 */
	{ "heat", "", "", "" },			/* steps, with halo rows swapped between them */
	{ "heat", "", "", "64" },
	{ "heat", "", "", "2" },		/* a rank with no rows at np 3 */
};

ParameterizedTestParameters(mpi, equals_serial)
{
	return cr_make_param_array(struct case_mpi, cases, sizeof cases / sizeof cases[0]);
}

static void skip_unless_built(const char *bench)
{
	if (!mpi_built(bench))
		cr_skip_test("%s-mpi is not built: make builds it when Open MPI's mpicc is installed "
			     "(libopenmpi-dev, openmpi-bin; make deps installs them as root), and "
			     "sanitizer builds leave it out", bench);
}

/* bin/<bench>-mpi under mpirun -np np with argv, which must exit 0. */
static void mpi_ok(struct ran *r, int np, const char *bench, const char *const argv[])
{
	cr_assert_eq(run_mpi(r, np, bench, argv), 0, "could not start mpirun");
	cr_assert(r->exited && r->code == 0, "%s-mpi np %d: status %d, stderr: %s", bench, np,
		  r->code, r->err);
}

static int add_opts(const struct case_mpi *c, const char **argv, int n)
{
	if (c->schedule[0]) {
		argv[n++] = "--schedule";
		argv[n++] = c->schedule;
	}
	if (c->chunk[0]) {
		argv[n++] = "--chunk";
		argv[n++] = c->chunk;
	}
	if (c->tasks[0]) {
		argv[n++] = "--tasks";
		argv[n++] = c->tasks;
	}
	argv[n] = NULL;
	return n;
}

ParameterizedTest(struct case_mpi *c, mpi, equals_serial, .timeout = 120)
{
	const char *argv[16] = { "--size", "small" };
	char want[128], got[128], value[32];
	struct ran r;

	skip_unless_built(c->bench);
	add_opts(c, argv, 2);
	cr_assert_eq(run_bench(&r, c->bench, argv), 0);
	cr_assert(r.exited && r.code == 0, "serial %s: status %d: %s", c->bench, r.code, r.err);
	ran_value(&r, "result", want, sizeof want);
	cr_assert_neq(want[0], '\0', "serial %s printed no result: %s", c->bench, r.out);

	for (int np = 1; np <= 3; np++) {
		const char *margv[16] = { "--size", "small", "--variant", "mpi" };

		add_opts(c, margv, 4);
		mpi_ok(&r, np, c->bench, margv);
		cr_expect_str_eq(ran_value(&r, "result", got, sizeof got), want,
				 "%s-mpi np %d %s: result %s, serial's %s", c->bench, np,
				 c->schedule, got, want);
		snprintf(want + 64, 16, "%d", np);	/* workers= defaults to the ranks */
		cr_expect_str_eq(ran_value(&r, "workers", value, sizeof value), want + 64);
		cr_expect_neq(ran_value(&r, "init_s", value, sizeof value)[0], '\0',
			      "mpi runs report init_s");
		/* Exactly one line: only rank 0 prints. */
		cr_expect_eq(strchr(r.out, '\n'), strrchr(r.out, '\n'), "more than one line: %s", r.out);
	}
}

/* The schedule a run used, as the bench reports it. */
Test(mpi, irregular_benches_default_to_master_worker, .timeout = 60)
{
	const char *argv[] = { "--size", "small", "--variant", "mpi", NULL };
	char value[32];
	struct ran r;

	skip_unless_built("primes");
	mpi_ok(&r, 2, "primes", argv);
	cr_expect_str_eq(ran_value(&r, "schedule", value, sizeof value), "dynamic");
	mpi_ok(&r, 2, "pi", argv);
	cr_expect_str_eq(ran_value(&r, "schedule", value, sizeof value), "block");
}

/* An -mpi program runs the mpi variant unless told otherwise: mpirun -np 3 bin/pi-mpi just works. */
Test(mpi, mpi_program_defaults_to_mpi, .timeout = 60)
{
	const char *argv[] = { "--size", "small", NULL };
	char value[32];
	struct ran r;

	skip_unless_built("pi");
	mpi_ok(&r, 3, "pi", argv);
	cr_expect_str_eq(ran_value(&r, "variant", value, sizeof value), "mpi");
	cr_expect_str_eq(ran_value(&r, "workers", value, sizeof value), "3");
}

struct bad_mpi {
	int np;			/* 0: the plain bin/<bench>, not under mpirun */
	char args[4][16];
	char says[48];		/* in the one line on stderr */
};

static struct bad_mpi bads[] = {
	{ 0, { "--variant", "mpi" }, "pi-mpi under mpirun" },
	{ 0, { "--schedule", "dynamic", "--variant", "threaded" }, "only for mpi" },
	{ 2, { "--variant", "mpi", "--workers", "3" }, "mpirun started 2 ranks" },
	{ 2, { "--variant", "threaded" }, "only --variant mpi runs" },
	{ 2, { "--variant", "mpi", "--size", "tiny" }, "--size" },
};

ParameterizedTestParameters(mpi, bad_usage)
{
	return cr_make_param_array(struct bad_mpi, bads, sizeof bads / sizeof bads[0]);
}

ParameterizedTest(struct bad_mpi *b, mpi, bad_usage, .timeout = 60)
{
	const char *argv[8];
	struct ran r;
	int n = 0;

	skip_unless_built("pi");
	for (int k = 0; k < 4 && b->args[k][0]; k++)
		argv[n++] = b->args[k];
	argv[n] = NULL;
	if (b->np == 0)
		cr_assert_eq(run_bench(&r, "pi", argv), 0);
	else
		cr_assert_eq(run_mpi(&r, b->np, "pi", argv), 0);
	cr_assert(r.exited && r.code == 2, "np %d: status %d, stderr: %s", b->np, r.code, r.err);
	cr_expect(strstr(r.err, b->says), "np %d: stderr lacks '%s': %s", b->np, b->says, r.err);
	cr_expect_str_empty(r.out, "np %d: stdout: %s", b->np, r.out);
}

/* result= is a sum for most benches, so results gathered in the wrong order would still add up.
 * mandelbrot's image keeps each row where its task put it: it must match serial's byte for byte. */
static size_t file_read(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	n = fread(buf, 1, len, f);
	fclose(f);
	return n;
}

/* An empty file made from the mkstemp template path, for a bench to write into. */
static void temp_file(char *path)
{
	int fd;

	cr_assert_geq(fd = mkstemp(path), 0);
	close(fd);
}

/* bin/<bench> run serially with argv, which writes path: what it wrote, into buf. */
static size_t serial_file(struct ran *r, const char *bench, const char *const argv[],
			  const char *path, char *buf, size_t len)
{
	cr_assert_eq(run_bench(r, bench, argv), 0);
	cr_assert(r->exited && r->code == 0, "serial: status %d: %s", r->code, r->err);
	return file_read(path, buf, len);
}

Test(mpi, image_rows_in_task_order, .timeout = 120)
{
	static const char *schedules[] = { "dynamic", "cyclic", "block" };
	static char want[1 << 16], got[1 << 16];
	char serial_pgm[] = "/tmp/parbench-mpi-serial-XXXXXX", mpi_pgm[] = "/tmp/parbench-mpi-XXXXXX";
	const char *argv[] = { "--size", "200", "--tasks", "37", "--image", serial_pgm, NULL };
	size_t nwant;
	struct ran r;

	skip_unless_built("mandelbrot");
	temp_file(serial_pgm);
	temp_file(mpi_pgm);
	nwant = serial_file(&r, "mandelbrot", argv, serial_pgm, want, sizeof want);
	cr_assert_gt(nwant, 200 * 200, "serial image: %zu bytes", nwant);
	for (int np = 2; np <= 3; np++) {
		for (int s = 0; s < 3; s++) {
			const char *margv[] = { "--variant", "mpi", "--size", "200", "--tasks", "37",
						"--chunk", "2", "--schedule", schedules[s], "--image",
						mpi_pgm, NULL };

			cr_assert_eq(run_mpi(&r, np, "mandelbrot", margv), 0);
			cr_assert(r.exited && r.code == 0, "np %d %s: status %d: %s", np, schedules[s],
				  r.code, r.err);
			cr_expect_eq(file_read(mpi_pgm, got, sizeof got), nwant);
			cr_expect(memcmp(want, got, nwant) == 0, "np %d %s: the image differs from "
				  "serial's", np, schedules[s]);
		}
	}
	unlink(serial_pgm);
	unlink(mpi_pgm);
}

/* heat's ranks each hold only their band of rows; rank 0 gathers every row for --field. The
 * picture must be serial's byte for byte, and every rank's waits for halos are reported. */
Test(mpi, heat_field_is_the_whole_grid, .timeout = 120)
{
	static char want[1 << 20], got[1 << 20];
	char serial_dat[] = "/tmp/parbench-heat-serial-XXXXXX", mpi_dat[] = "/tmp/parbench-heat-XXXXXX";
	const char *argv[] = { "--size", "100", "--steps", "50", "--tasks", "7", "--field",
			       serial_dat, NULL };
	char value[32];
	size_t nwant;
	struct ran r;

	skip_unless_built("heat");
	temp_file(serial_dat);
	temp_file(mpi_dat);
	nwant = serial_file(&r, "heat", argv, serial_dat, want, sizeof want);
	cr_assert_gt(nwant, 1000, "serial field: %zu bytes", nwant);
	for (int np = 1; np <= 4; np++) {
		const char *margv[] = { "--size", "100", "--steps", "50", "--tasks", "7", "--field",
					mpi_dat, NULL };

		cr_assert_eq(run_mpi(&r, np, "heat", margv), 0);
		cr_assert(r.exited && r.code == 0, "np %d: status %d: %s", np, r.code, r.err);
		cr_expect_eq(file_read(mpi_dat, got, sizeof got), nwant, "np %d", np);
		cr_expect(memcmp(want, got, nwant) == 0, "np %d: the field differs from serial's", np);
		cr_expect_str_eq(ran_value(&r, "steps", value, sizeof value), "50");
		cr_expect(atof(ran_value(&r, "sync_s", value, sizeof value)) >= 0 && value[0],
			  "np %d: no sync_s in %s", np, r.out);
	}
	unlink(serial_dat);
	unlink(mpi_dat);
}

/* A rank holds one block of rows: a cyclic or dynamic schedule is a usage error, said once. */
Test(mpi, heat_takes_only_blocks, .timeout = 60)
{
	static const char *schedules[] = { "cyclic", "dynamic" };
	struct ran r;

	skip_unless_built("heat");
	for (int s = 0; s < 2; s++) {
		const char *argv[] = { "--size", "small", "--schedule", schedules[s], NULL };

		cr_assert_eq(run_mpi(&r, 2, "heat", argv), 0);
		cr_assert(r.exited && r.code == 2, "%s: status %d: %s", schedules[s], r.code, r.err);
		cr_expect(strstr(r.err, "--schedule block"), "%s: %s", schedules[s], r.err);
		cr_expect_str_empty(r.out);
	}
}

/* Only rank 0 writes --field, so only rank 0 finds it cannot: it must end the whole job, saying
 * why, rather than leave the other ranks waiting for it at the start. */
Test(mpi, a_rank_failing_setup_alone_ends_the_job, .timeout = 60)
{
	const char *argv[] = { "--size", "50", "--field", "/nonexistent/parbench/heat.dat", NULL };
	struct ran r;

	skip_unless_built("heat");
	cr_assert_eq(run_mpi(&r, 2, "heat", argv), 0);
	cr_assert(r.exited && r.code != 0, "status %d: %s", r.code, r.err);
	cr_expect(strstr(r.err, "--field: /nonexistent/parbench/heat.dat"), "%s", r.err);
	cr_expect_str_empty(r.out);
}
