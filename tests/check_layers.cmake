# The layering rule, checked over the sources: a stage includes headers of
# its own stage and of the stages below it, never of one above. The compiler
# already refuses an upward public header (each stage's include/<stage>/ is on
# the path only of the stages that link it); this also covers the private
# headers under src/<stage>/, which every stage could reach through `src`.
# Run as: cmake -DSOURCE_DIR=<repo> -P tests/check_layers.cmake
set(order base model find hub read identify extract assess audit report cli)

# Which stage owns each public header (owl/NAME.h) and private folder.
set(owner_of_header "")
foreach(stage ${order})
  file(GLOB headers RELATIVE ${SOURCE_DIR}/include/${stage}/owl ${SOURCE_DIR}/include/${stage}/owl/*.h)
  foreach(header ${headers})
    set(owner_${header} ${stage})
  endforeach()
endforeach()

# Generated from src/base/version.h.in.
set(owner_version.h base)

set(violations "")
foreach(stage ${order})
  list(FIND order ${stage} rank)
  file(GLOB files ${SOURCE_DIR}/src/${stage}/*.cpp ${SOURCE_DIR}/src/${stage}/*.h
       ${SOURCE_DIR}/include/${stage}/owl/*.h)
  list(FILTER files EXCLUDE REGEX "_test\\.cpp$")
  foreach(file ${files})
    file(STRINGS ${file} includes REGEX "^#include \"[a-z_]+/[a-z_]+\\.h\"")
    foreach(line ${includes})
      string(REGEX REPLACE "^#include \"([a-z_]+)/([a-z_]+\\.h)\".*" "\\1;\\2" parts "${line}")
      list(GET parts 0 folder)
      list(GET parts 1 header)
      if(folder STREQUAL "owl")
        set(target "${owner_${header}}")
      else()
        set(target "${folder}")
      endif()
      list(FIND order "${target}" target_rank)
      if(target_rank EQUAL -1 AND NOT folder STREQUAL "owl")
        continue()  # not a stage folder (e.g. a generated header)
      endif()
      if(target_rank EQUAL -1 OR target_rank GREATER rank)
        file(RELATIVE_PATH shown ${SOURCE_DIR} ${file})
        string(APPEND violations "  ${shown} (${stage}) includes ${folder}/${header} (${target})\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "upward includes break the layering "
                      "(${order}):\n${violations}")
endif()
message(STATUS "layers hold: ${order}")
