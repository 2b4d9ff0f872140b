# Installing the station on a line PC, and its Debian package (config/install/README.md).
#   make install [PREFIX=/usr/local] [DESTDIR=]   make uninstall (same variables)
#   make deb                                      $(BUILD)/station_<version>_<arch>.deb
# Included by the top Makefile; PREFIX, VERSION and BUILD come from there.
INSTALL_SRC := config/install
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
DOCDIR      ?= $(PREFIX)/share/doc/station
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
# udev and systemd read their packaged files from /lib on Debian 12 and their local ones from /etc.
ifeq ($(PREFIX),/usr)
UDEVRULESDIR   ?= /lib/udev/rules.d
SYSTEMDUNITDIR ?= /lib/systemd/system
else
UDEVRULESDIR   ?= /etc/udev/rules.d
SYSTEMDUNITDIR ?= /etc/systemd/system
endif
MAN_PAGES := $(BUILD)/man/station.1 $(BUILD)/man/station.ini.5
EXAMPLES  := $(wildcard config/examples/*.ini)
EXAMPLE_PKGS := $(wildcard config/examples/packages/*)
DEB_FILE   = $(BUILD)/station_$(VERSION)_$(shell dpkg --print-architecture).deb

.PHONY: man install uninstall deb deb-clean-install
man: $(MAN_PAGES)

# The tables in the pages come from the binary itself (config/install/man.sh).
$(BUILD)/man/%: $(INSTALL_SRC)/%.in $(INSTALL_SRC)/man.sh $(BUILD)/station
	@mkdir -p $(dir $@)
	$(INSTALL_SRC)/man.sh $(BUILD)/station $< $(VERSION) >$@.tmp && mv $@.tmp $@

install: $(BUILD)/station $(MAN_PAGES)
	install -D -m 0755 $(BUILD)/station $(DESTDIR)$(BINDIR)/station
	install -D -m 0644 $(BUILD)/man/station.1 $(DESTDIR)$(MANDIR)/man1/station.1
	install -D -m 0644 $(BUILD)/man/station.ini.5 $(DESTDIR)$(MANDIR)/man5/station.ini.5
	install -d $(DESTDIR)$(DOCDIR)/examples
	install -m 0644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/
	install -d $(DESTDIR)$(DOCDIR)/examples/packages
	install -m 0644 $(EXAMPLE_PKGS) $(DESTDIR)$(DOCDIR)/examples/packages/
	install -D -m 0644 $(INSTALL_SRC)/60-station.rules $(DESTDIR)$(UDEVRULESDIR)/60-station.rules
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@BINDIR@|$(BINDIR)|g' $(INSTALL_SRC)/station@.service.in >$(DESTDIR)$(SYSTEMDUNITDIR)/station@.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/station@.service
	install -D -m 0644 $(INSTALL_SRC)/station.bash $(DESTDIR)$(BASHCOMPDIR)/station

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/station $(DESTDIR)$(MANDIR)/man1/station.1 \
		$(DESTDIR)$(MANDIR)/man5/station.ini.5 $(DESTDIR)$(UDEVRULESDIR)/60-station.rules \
		$(DESTDIR)$(SYSTEMDUNITDIR)/station@.service $(DESTDIR)$(BASHCOMPDIR)/station \
		$(addprefix $(DESTDIR)$(DOCDIR)/examples/,$(notdir $(EXAMPLES))) \
		$(addprefix $(DESTDIR)$(DOCDIR)/examples/packages/,$(notdir $(EXAMPLE_PKGS)))
	-rmdir $(DESTDIR)$(DOCDIR)/examples/packages $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(DOCDIR) 2>/dev/null

# A staged tree (make install PREFIX=/usr into it), then dpkg-deb (config/install/deb.sh).
deb: $(BUILD)/station $(MAN_PAGES)
	@rm -rf $(BUILD)/deb
	@$(MAKE) --no-print-directory install DESTDIR=$(abspath $(BUILD)/deb/root) PREFIX=/usr >/dev/null
	@$(INSTALL_SRC)/deb.sh $(BUILD)/deb/root $(VERSION) $(DEB_FILE)

# The package installed with apt into a fresh Debian 12 (tests/install/deb_clean_install.sh).
deb-clean-install: $(BUILD)/station $(MAN_PAGES)
	@tests/deps.sh mmdebstrap
	@BUILD=$(BUILD) tests/install/deb_clean_install.sh
