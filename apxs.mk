# mod_branchnet: build, install, demo and tests.
#
#   make -f apxs.mk            build mod_branchnet.so with apxs
#   make -f apxs.mk install    install it, its a2enmod files and the UI
#   make -f apxs.mk demo       run the demo (private MariaDB and httpd)
#   make -f apxs.mk demo-stop  stop what the demo started
#   make -f apxs.mk test       run every test on a fresh environment
#   make -f apxs.mk test-sanitize  the same under AddressSanitizer and UBSan
#   make -f apxs.mk bench      speed and memory on scale data
#
# demo and test install the Debian packages they need when run as root.

APXS     ?= apxs
WERROR   ?= -Werror
SRC      := $(wildcard mod_branchnet/*.c)
HDR      := $(wildcard mod_branchnet/*.h)
MODULE   := mod_branchnet/.libs/mod_branchnet.so
CWARN    := -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
            -Wshadow -Wpointer-arith -std=gnu99 $(WERROR)
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=

PACKAGES := apache2 apache2-dev libaprutil1-dbd-mysql libjansson-dev \
            mariadb-server mariadb-client libapache2-mod-perl2 libwww-perl \
            libdbd-mariadb-perl curl gcc make chromium
# The browser tests need Node.js and npm; Debian's are used when the
# machine has none.
NODE_PACKAGES := $(if $(shell command -v npm),,nodejs npm)

.PHONY: all install deps demo demo-stop test test-sanitize bench unit clean

all: $(MODULE)

# apxs prints every libtool command; keep them in a log, show it on failure.
$(MODULE): $(SRC) $(HDR)
	@echo "apxs -c mod_branchnet/*.c -> $(MODULE)"
	@$(APXS) -c $(foreach f,$(CWARN) $(EXTRA_CFLAGS),-Wc,$(f)) \
	    $(foreach f,$(EXTRA_LDFLAGS),-Wl,$(f)) \
	    -o mod_branchnet/mod_branchnet.la $(SRC) -ljansson \
	    > mod_branchnet/build.log 2>&1 || \
	    { grep -E ': (error|warning)' mod_branchnet/build.log | head -20; \
	      exit 1; }

UIDIR ?= /usr/share/mod_branchnet/ui

install: $(MODULE)
	$(APXS) -i -n branchnet $(MODULE)
	install -m 644 conf/branchnet.load conf/branchnet.conf \
	    $(DESTDIR)$$($(APXS) -q SYSCONFDIR)/mods-available/
	install -d $(DESTDIR)$(UIDIR)
	install -m 644 mod_branchnet/ui/* $(DESTDIR)$(UIDIR)/

# Installs what is missing; does nothing when all is there.
deps:
	@missing=$$(for p in $(PACKAGES) $(NODE_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
	        grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	    if [ "$$(id -u)" != 0 ]; then \
	        echo "Missing packages: $$missing (run as root to install)"; \
	        exit 1; \
	    fi; \
	    echo "Installing $$missing"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get update -qq && \
	    apt-get install -y -qq --no-install-recommends $$missing; \
	fi

demo: deps
	@$(MAKE) -f apxs.mk --no-print-directory all
	@sh conf/demo/run.sh start

demo-stop:
	@sh conf/demo/run.sh stop

test: deps
	@$(MAKE) -f apxs.mk --no-print-directory all
	@sh tests/run.sh

# The same tests with the module built with AddressSanitizer and UBSan.
SANITIZE_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
                  -fno-sanitize-recover=undefined
test-sanitize: deps
	@rm -f $(MODULE)
	@$(MAKE) -f apxs.mk --no-print-directory all \
	    EXTRA_CFLAGS="$(SANITIZE_FLAGS) -O1" EXTRA_LDFLAGS="$(SANITIZE_FLAGS)"
	@BN_SANITIZE=1 sh tests/run.sh; status=$$?; rm -f $(MODULE); exit $$status

# Speed and memory against stock httpd modules on scale data.
bench: deps
	@command -v wrk > /dev/null || apt-get install -y -qq wrk
	@$(MAKE) -f apxs.mk --no-print-directory all
	@sh tests/bench/run.sh

unit: $(MODULE)
	@sh tests/unit/run.sh

clean:
	rm -rf mod_branchnet/*.lo mod_branchnet/*.slo mod_branchnet/*.la \
	    mod_branchnet/*.o mod_branchnet/.libs tests/unit/*.bin
