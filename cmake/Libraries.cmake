# SPDX-License-Identifier: BSD-2-Clause
# btns_object_library(TARGET SOURCES...): the project's sources of a
# library, compiled once (position-independent, with _GNU_SOURCE), for its
# shared library and the static ones of tests; include/ is public, the
# calling directory private.
function(btns_object_library target)
  add_library(${target} OBJECT ${ARGN})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_compile_definitions(${target} PRIVATE _GNU_SOURCE)
  target_include_directories(${target}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()

# btns_shared_library(TARGET OBJECTS HEADER ABI_VERSION): the shared
# library TARGET from the object library OBJECTS
# (btns_shared_library_properties).
function(btns_shared_library target objects header abi_version)
  add_library(${target} SHARED $<TARGET_OBJECTS:${objects}>)
  btns_shared_library_properties(${target} ${header} ${abi_version})
endfunction()

# btns_shared_library_properties(TARGET HEADER ABI_VERSION): makes shared
# library TARGET one of the project's (and adds the alias TARGET::TARGET):
# the public header HEADER (in include/), the version script
# lib<TARGET>.map of the calling directory, no undefined symbols, and a
# SONAME from the major of ABI_VERSION, the library's own: each library's
# ABI changes apart from the project's version and from the other's.
function(btns_shared_library_properties target header abi_version)
  set(script ${CMAKE_CURRENT_SOURCE_DIR}/lib${target}.map)
  string(REGEX MATCH "^[0-9]+" major "${abi_version}")
  add_library(${target}::${target} ALIAS ${target})
  set_target_properties(${target} PROPERTIES
    VERSION ${abi_version}
    SOVERSION ${major}
    PUBLIC_HEADER ${PROJECT_SOURCE_DIR}/include/${header}
    LINK_DEPENDS ${script})
  target_include_directories(${target} INTERFACE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_options(${target} PRIVATE -Wl,--version-script=${script})
  if(NOT BTNS_SANITIZE)
    # Sanitizer runtimes are linked into executables, not into libraries.
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
endfunction()

# btns_install_library(TARGET PACKAGE): installs a shared library of the
# project with its public header, its pkg-config file (lib<TARGET>.pc,
# from lib<TARGET>.pc.in in the calling directory) and its CMake package
# (<PACKAGE>Config.cmake from <PACKAGE>Config.cmake.in, exporting
# <PACKAGE>::<TARGET>).
include(CMakePackageConfigHelpers)

function(btns_install_library target package)
  install(TARGETS ${target} EXPORT ${package}Targets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

  # Relative to ${prefix} where possible, so that pkg-config --define-prefix
  # finds a tree that was moved after its installation.
  foreach(dir LIBDIR INCLUDEDIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
      set(PC_${dir} "${CMAKE_INSTALL_${dir}}")
    else()
      set(PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
    endif()
  endforeach()
  btns_install_configured(lib${target}.pc.in ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

  set(cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/${package})
  install(EXPORT ${package}Targets NAMESPACE ${package}:: DESTINATION ${cmake_dir})
  configure_package_config_file(${package}Config.cmake.in
    ${CMAKE_CURRENT_BINARY_DIR}/${package}Config.cmake
    INSTALL_DESTINATION ${cmake_dir})
  write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/${package}ConfigVersion.cmake
    COMPATIBILITY SameMajorVersion)
  install(FILES
    ${CMAKE_CURRENT_BINARY_DIR}/${package}Config.cmake
    ${CMAKE_CURRENT_BINARY_DIR}/${package}ConfigVersion.cmake
    DESTINATION ${cmake_dir})
endfunction()
