# mk/deps.mk: the packages parbench uses, each found or installed by the one need_pkg, and the
# targets that ask for them (hwloc, deps, gnuplot). Included by the Makefile.

comma := ,
# $(call need_pkg,TEST,PACKAGES,INSTALLING,ON_FAILURE,MISSING): a shell command that runs TEST,
# a command that succeeds when the package is there; when it fails and we are root with
# apt-get, says "make: installing INSTALLING with apt-get" and installs PACKAGES (apt-get's
# options included), ON_FAILURE being the rest of that command ("|| exit 1": a failed install
# stops make); otherwise runs MISSING (nothing when empty): a message, and `exit 1` when the
# package is required. Messages with commas come in variables ($(comma) otherwise).
need_pkg = if $(1); then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing $(3) with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			$(2) >/dev/null $(4); \
	$(if $(5),else $(5);) fi

# hwloc (Debian's libhwloc-dev) is the machine model's topology: every program needs it.
# Installed when missing and we are root; otherwise make stops and names the package.
HWLOC_OK = echo '\#include <hwloc.h>' | $(CC) -E -x c - >/dev/null 2>&1
HWLOC_MISSING = echo "make: parbench needs hwloc: install the package libhwloc-dev" \
	"(sudo apt-get install libhwloc-dev), then run make again" >&2; exit 1
hwloc:
	@$(call need_pkg,$(HWLOC_OK),--no-install-recommends libhwloc-dev,libhwloc-dev (the machine model),|| exit 1,$(HWLOC_MISSING))

MPI_OK = command -v $(MPICC) >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1
MPI_MISSING = echo "make: Open MPI is missing, so the mpi variant and its tests are skipped:" \
	"install libopenmpi-dev and openmpi-bin to have them" >&2
IP_OK = command -v ip >/dev/null 2>&1 || [ -x /sbin/ip ] || [ -x /usr/sbin/ip ]
IP_MISSING = echo "make: ip is missing, so the two-host mpi test is skipped:" \
	"install iproute2 to have it" >&2
CRITERION_MISSING = echo "make: the tests need Criterion: install the package libcriterion-dev" \
	"(sudo apt-get install libcriterion-dev pkg-config), then run make test again" >&2; exit 1

# Open MPI and ip are optional: without them their tests skip. Criterion is required.
deps:
	@$(call need_pkg,$(MPI_OK),--no-install-recommends libopenmpi-dev openmpi-bin,libopenmpi-dev and openmpi-bin (the mpi variant),|| exit 1,$(MPI_MISSING))
	@# ip (iproute2) makes the two hosts of tests/test_hosts.c, network namespaces.
	@$(call need_pkg,$(IP_OK),--no-install-recommends iproute2,iproute2 (ip$(comma) for the two-host mpi test),|| exit 1,$(IP_MISSING))
	@$(MAKE) --no-print-directory hwloc
	@$(call need_pkg,pkg-config --exists criterion 2>/dev/null,libcriterion-dev pkg-config,libcriterion-dev (needed by the tests),|| exit 1,$(CRITERION_MISSING))

# gnuplot draws the plots. Installed when missing and we are root; otherwise the runner still
# writes every table and says how to draw the plots later.
GNUPLOT_FAILED = || echo "make: could not install gnuplot-nox; plots will be skipped" >&2
gnuplot:
	@$(call need_pkg,command -v gnuplot >/dev/null,gnuplot-nox,gnuplot-nox (for the plots),$(GNUPLOT_FAILED),)

# The sanitizer runtimes come with gcc (Debian: libgcc-N-dev, a dependency of gcc-N). Checked
# again after an install, which does not stop make by itself: $(1) is the -fsanitize= list.
san_link_ok = echo 'int main(void){return 0;}' | $(CC) -fsanitize=$(1) -x c - -o /dev/null >/dev/null 2>&1
san_missing = echo "make: $(CC) cannot link -fsanitize=$(1): install gcc's sanitizer runtimes" \
	"(Debian: $$pkg, which brings libasan8, libubsan1 and libtsan2)" >&2; exit 1
define san_runtime
	@pkg=libgcc-$$($(CC) -dumpversion | cut -d. -f1)-dev; \
	$(call need_pkg,$(call san_link_ok,$(1)),$$pkg,$$pkg (gcc's sanitizer runtimes),; \
		$(call san_link_ok,$(1)) || { $(call san_missing,$(1)); },$(call san_missing,$(1)))
endef
