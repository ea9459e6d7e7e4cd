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

# btns_shared_library(TARGET OBJECTS HEADER): the shared library TARGET
# from the object library OBJECTS (btns_shared_library_properties).
function(btns_shared_library target objects header)
  add_library(${target} SHARED $<TARGET_OBJECTS:${objects}>)
  btns_shared_library_properties(${target} ${header})
endfunction()

# btns_shared_library_properties(TARGET HEADER): makes shared library
# TARGET one of the project's (and adds the alias TARGET::TARGET): the
# public header HEADER (in include/), the version script lib<TARGET>.map
# of the calling directory, a SONAME, and no undefined symbols.
function(btns_shared_library_properties target header)
  set(script ${CMAKE_CURRENT_SOURCE_DIR}/lib${target}.map)
  add_library(${target}::${target} ALIAS ${target})
  set_target_properties(${target} PROPERTIES
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}
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
  # finds a tree that was installed elsewhere (cmake --install --prefix).
  foreach(dir LIBDIR INCLUDEDIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${dir}}")
      set(PC_${dir} "${CMAKE_INSTALL_${dir}}")
    else()
      set(PC_${dir} "\${prefix}/${CMAKE_INSTALL_${dir}}")
    endif()
  endforeach()
  configure_file(lib${target}.pc.in lib${target}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/lib${target}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

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
