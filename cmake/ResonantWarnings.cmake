# resonant_target_defaults(<target>): warnings for our own code, -Werror when RESONANT_WERROR.
function(resonant_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                         -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast)
  if(RESONANT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
