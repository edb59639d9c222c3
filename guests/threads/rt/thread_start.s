# wasi_thread_start(tid, start_arg): the export the host calls on a new thread,
# in a NEW instance of this module that shares env.memory.
#
# Why assembly: each instance has its own globals, and a fresh instance's
# __stack_pointer still holds its initial value - the top of the MAIN thread's stack.
# Any C function would push its frame there, so the stack pointer (and the TLS base)
# must be switched before the first C instruction runs. Same as wasix-libc's
# libc-top-half/musl/src/thread/wasm32/wasi_thread_start.s, except that we call
# __wasm_init_tls: it sets __tls_base and copies the .tdata template (a passive data
# segment that is never dropped) into this thread's TLS block.
#
# start_arg points to a 64-byte __wasi_thread_start_t: 0 stack, 4 tls_base, ...

	.text

	.globaltype	__stack_pointer, i32
	.functype	__wasm_init_tls (i32) -> ()
	.functype	__wasi_thread_start_C (i32, i32) -> ()

	.globl	wasi_thread_start
	.type	wasi_thread_start,@function
wasi_thread_start:
	.functype	wasi_thread_start (i32, i32) -> ()
	local.get	1
	i32.load	0		# start_arg->stack
	global.set	__stack_pointer
	local.get	1
	i32.load	4		# start_arg->tls_base
	call	__wasm_init_tls
	local.get	0		# tid
	local.get	1		# start_arg
	call	__wasi_thread_start_C
	end_function
