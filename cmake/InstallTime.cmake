# SPDX-License-Identifier: BSD-2-Clause
# Files whose text names install paths are written when they are installed,
# not when the project is configured, so that "cmake --install build
# --prefix P" (and DESTDIR) gives units, pkg-config files and the GSS
# mechanism's line that name P.

# BTNS_INSTALL_TIME_DIRS: install-script code (for install(CODE)) that sets
# prefix, the prefix given at install time, and sbindir, libdir and
# includedir under it (the GNUInstallDirs ones, unless absolute).
set(BTNS_INSTALL_TIME_DIRS "
  set(prefix \"\${CMAKE_INSTALL_PREFIX}\")
  foreach(pair sbindir:${CMAKE_INSTALL_SBINDIR} libdir:${CMAKE_INSTALL_LIBDIR}
               includedir:${CMAKE_INSTALL_INCLUDEDIR})
    string(REPLACE \":\" \";\" pair \"\${pair}\")
    list(GET pair 0 name)
    list(GET pair 1 dir)
    if(IS_ABSOLUTE \"\${dir}\")
      set(\${name} \"\${dir}\")
    else()
      set(\${name} \"\${prefix}/\${dir}\")
    endif()
  endforeach()
")

# btns_install_configured(TEMPLATE DESTINATION): installs TEMPLATE (of the
# calling source directory, named NAME.in) as NAME into DESTINATION
# (relative to the prefix).  Its @VAR@ are replaced twice: when the
# project is configured, by the calling directory's variables, except
# @prefix@, @sbindir@, @libdir@ and @includedir@, which are replaced when
# it is installed.
function(btns_install_configured template destination)
  string(REGEX REPLACE "\\.in$" "" name "${template}")
  set(staged ${CMAKE_CURRENT_BINARY_DIR}/${name}.staged)
  set(installed ${CMAKE_CURRENT_BINARY_DIR}/install-time/${name})
  foreach(var prefix sbindir libdir includedir)
    set(${var} "@${var}@")
  endforeach()
  configure_file(${template} ${staged} @ONLY)
  install(CODE "${BTNS_INSTALL_TIME_DIRS}
    configure_file(\"${staged}\" \"${installed}\" @ONLY)")
  install(FILES ${installed} DESTINATION ${destination})
endfunction()
