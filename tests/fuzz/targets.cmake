# The libFuzzer targets (one per parser family), shared by tests/fuzz/CMakeLists.txt (which
# builds them with clang) and tests/CMakeLists.txt (which runs them as tests, label fuzz).
# Each has a seed corpus in tests/fuzz/corpus/<target>/.
set(RESONANT_FUZZ_TARGETS rsp_fuzz records_fuzz ant_plus_fuzz cms50_fuzz nonin_fuzz pulsesensor_fuzz hxm_fuzz bioharness_fuzz ble_bridge_fuzz)
