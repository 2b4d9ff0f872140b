# Dashboard and feed test tools: boardplay drives a board without ports (tests/ui/test_*.sh, bench).
UI_BINS := $(BUILD)/ui/boardplay

$(BUILD)/ui/%: $(BUILD)/obj/tests/ui/%.o $(BUILD)/libstation.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)
