# SPDX-License-Identifier: BSD-2-Clause
# Warnings are errors in every build, for C and C++ alike.
add_compile_options(
  -Wall -Wextra -Werror
  -Wshadow -Wpointer-arith -Wformat=2 -Wundef -Wvla
  $<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes>
  $<$<COMPILE_LANGUAGE:C>:-Wmissing-prototypes>)

if(BTNS_SANITIZE)
  set(BTNS_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
                           -fno-omit-frame-pointer)
  add_compile_options(${BTNS_SANITIZER_FLAGS})
  add_link_options(${BTNS_SANITIZER_FLAGS})
endif()

if(BTNS_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BTNS_FUZZ needs clang (libFuzzer): configure with CC=clang CXX=clang++")
  endif()
  # Coverage feedback for libFuzzer in every object the fuzz targets reach.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
