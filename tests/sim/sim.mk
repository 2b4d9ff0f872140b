# The emulated USB fixture (tests/sim): included by the top Makefile.
#   $(BUILD)/fixture        builds the umockdev tree and runs a command inside it
#   $(BUILD)/libsimtty.so   LD_PRELOAD shim answering TIOCMGET on the emulated ttys
#   $(BUILD)/simclient      the fixture's own test client (libusb + libserialport)

SIM_UMOCK_CFLAGS := $(patsubst -I%,-isystem %,$(shell $(PKG) --cflags umockdev-1.0 2>/dev/null))
SIM_UMOCK_LIBS   := $(shell $(PKG) --libs umockdev-1.0 2>/dev/null)
SIM_FIX_SRC := tests/sim/fixture.c tests/sim/sim_tree.c tests/sim/sim_at.c tests/sim/sim_module.c \
               tests/sim/sim_pop.c tests/sim/sim_config.c tests/sim/sim_zip.c tests/sim/sim_rand.c \
               tests/sim/sim_log.c tests/sim/sim_fetch.c tests/sim/sim_ufs.c tests/sim/sim_uevent.c
SIM_FIX_OBJ := $(SIM_FIX_SRC:%.c=$(BUILD)/obj/%.o)
SIM_BINS := $(BUILD)/fixture $(BUILD)/libsimtty.so $(BUILD)/simclient

$(SIM_FIX_OBJ): CFLAGS += $(SIM_UMOCK_CFLAGS)

$(BUILD)/fixture: $(SIM_FIX_OBJ)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(SIM_UMOCK_LIBS) $(shell $(PKG) --libs libcurl) -lpthread

# No sanitizers here: the shim is loaded into every program the fixture runs.
$(BUILD)/libsimtty.so: tests/sim/simtty.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -g -fPIC -shared $(WARN) -o $@ $< -ldl

$(BUILD)/simclient: $(BUILD)/obj/tests/sim/simclient.o
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)
